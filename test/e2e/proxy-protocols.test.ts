/**
 * Protocols through `meshwork proxy` children configured by a real `meshwork up`: the consumer's egress
 * (curl -x, h2c, gRPC to a grpc listener with trailers, WebSocket, streamed chunked upload with
 * 100-continue, keep-alive) and a tcp listener's ingress with a text-format access log.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import WebSocket, { WebSocketServer } from 'ws';
import { request, startUpstream, type Upstream } from '../support/proxy-harness.js';
import { backends, cloudMap, fileScope, httpNode, startRealMesh } from '../support/real-mesh.js';
import { startMeshProxy, until, type MeshProxy } from '../support/mesh-proxy.js';

const run = promisify(execFile);
const scope = fileScope();
const WEB = 'cds_egress_webapp_web_http_8080';
let p: MeshProxy;
let tcp: MeshProxy;
let web: Upstream;
let dir: string;

const identity = (b: Buffer) => b;
const ECHO_PATH = '/test.Echo/Say';

before(async () => {
  web = await startUpstream('web', (req, res) => {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => res.end(`${req.method} ${req.url} ${n} bytes`));
  });
  const wss = new WebSocketServer({ server: web.server });
  wss.on('connection', (ws) => ws.on('message', (m: Buffer) => ws.send(`echo:${m.toString()}`)));
  const grpcServer = new grpc.Server();
  grpcServer.addService(
    { Say: { path: ECHO_PATH, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity } },
    {
      Say: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
        const text = call.request.toString();
        if (text === 'missing') return cb({ code: grpc.status.NOT_FOUND, details: 'no such thing' });
        const trailer = new grpc.Metadata();
        trailer.set('x-echo-trailer', 'done');
        cb(null, Buffer.from(`hello ${text}`), trailer);
      },
    },
  );
  scope.after(() => grpcServer.forceShutdown());
  const grpcPort = await new Promise<number>((resolve, reject) => grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  const echo = net.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  scope.after(async () => {
    wss.close();
    echo.close();
    await web.close();
  });
  dir = mkdtempSync(join(tmpdir(), 'meshwork-tcp-'));
  scope.after(() => rmSync(dir, { recursive: true, force: true }));
  const mesh = await startRealMesh(scope);
  await mesh.nodeService('web.webapp.local', 'web', httpNode(8080, 'web'));
  await mesh.instances('web', [web.port]);
  await mesh.nodeService('grpc.webapp.local', 'grpc', { listeners: [{ portMapping: { port: 8080, protocol: 'grpc' } }], serviceDiscovery: cloudMap('grpc') });
  await mesh.instances('grpc', [grpcPort]);
  await mesh.node('consumer', { backends: backends('web.webapp.local', 'grpc.webapp.local') });
  const format = { text: '%UPSTREAM_CLUSTER% %BYTES_RECEIVED% %BYTES_SENT% %RESPONSE_FLAGS%\n' };
  await mesh.node('echo', { listeners: [{ portMapping: { port: 9000, protocol: 'tcp' } }], serviceDiscovery: cloudMap('echo'), logging: { accessLog: { file: { path: join(dir, 'tcp.log'), format } } } });
  [p, tcp] = await Promise.all([
    startMeshProxy(scope, mesh.xds, mesh.nodeId('consumer')),
    startMeshProxy(scope, mesh.xds, mesh.nodeId('echo'), { appPorts: { 9000: (echo.address() as net.AddressInfo).port } }),
  ]);
  await p.waitForHealthyHosts(WEB, 1);
  await p.waitForHealthyHosts('cds_egress_webapp_grpc_grpc_8080', 1);
});

test('curl through the egress as an HTTP proxy (-x, absolute-form)', async () => {
  const { stdout } = await run('curl', ['-sS', '-x', `http://${p.address}:15001`, 'http://web.webapp.local:8080/via/proxy?q=1']);
  assert.equal(stdout, 'GET /via/proxy?q=1 0 bytes');
});

test('HTTP/2 (h2c prior knowledge) downstream to an HTTP/1.1 upstream', async () => {
  const client = http2.connect(p.url(15001, ''));
  try {
    const stream = client.request({ ':path': '/h2', ':authority': 'web.webapp.local' });
    let status = 0;
    stream.on('response', (h) => (status = Number(h[':status'])));
    let body = '';
    stream.on('data', (c: Buffer) => (body += c.toString()));
    await new Promise((r) => stream.on('end', r));
    assert.equal(status, 200);
    assert.equal(body, 'GET /h2 0 bytes');
  } finally {
    client.close();
  }
});

test('a gRPC call over HTTP/2 carries trailers and grpc-status through the proxy', async () => {
  const client = new grpc.Client(`${p.address}:15001`, grpc.credentials.createInsecure(), { 'grpc.default_authority': 'grpc.webapp.local:8080' });
  try {
    const call = (text: string) =>
      new Promise<{ err: grpc.ServiceError | null; value: Buffer | undefined; trailer: grpc.Metadata | undefined }>((resolve) => {
        let done: { err: grpc.ServiceError | null; value: Buffer | undefined } = { err: null, value: undefined };
        const c = client.makeUnaryRequest(ECHO_PATH, identity, identity, Buffer.from(text), (err, value) => (done = { err, value }));
        // grpc-js emits 'status' (with the trailers) after the callback.
        c.on('status', (s: grpc.StatusObject) => resolve({ ...done, trailer: s.metadata }));
      });
    const ok = await call('mesh');
    assert.equal(ok.err, null);
    assert.equal(ok.value?.toString(), 'hello mesh');
    assert.deepEqual(ok.trailer?.get('x-echo-trailer'), ['done']);
    const missing = await call('missing');
    assert.equal(missing.err?.code, grpc.status.NOT_FOUND, missing.err?.message);
    assert.equal(missing.err?.details, 'no such thing');
  } finally {
    client.close();
  }
});

test('a WebSocket round trip through Upgrade', async () => {
  const ws = new WebSocket(`ws://${p.address}:15001/chat`, { headers: { host: 'web.webapp.local' } });
  try {
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    const reply = new Promise<string>((resolve) => ws.once('message', (m: Buffer) => resolve(m.toString())));
    ws.send('hi');
    assert.equal(await reply, 'echo:hi');
  } finally {
    ws.close();
  }
});

test('a 20 MB chunked upload streams through and 100-continue is honoured', async () => {
  const size = 20 * 1024 * 1024;
  const reply = await new Promise<string>((resolve, reject) => {
    const req = http.request({ host: p.address, port: 15001, method: 'POST', path: '/upload', agent: false, headers: { host: 'web.webapp.local', expect: '100-continue' } }, (res) => {
      let b = '';
      res.on('data', (c: Buffer) => (b += c.toString()));
      res.on('end', () => resolve(b));
    });
    req.on('error', reject);
    req.on('continue', () => {
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end();
    });
  });
  assert.equal(reply, `POST /upload ${size} bytes`);
});

test('keep-alive: many requests on one downstream connection reuse upstream connections', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 20; i++) assert.equal((await request({ host: p.address, port: 15001, path: `/k${i}`, headers: { host: 'web.webapp.local' }, agent })).status, 200);
  agent.destroy();
  assert.ok(((await p.stat(`cluster.${WEB}.upstream_cx_total`)) ?? 0) <= 3, 'upstream connections are pooled');
});

test('TCP proxy pipes bytes both ways', async () => {
  const s = net.connect(9000, tcp.address);
  s.write('ping over tcp');
  const got = await new Promise<string>((resolve) => s.once('data', (d: Buffer) => resolve(d.toString())));
  const closed = new Promise((r) => s.once('close', r));
  s.end();
  await closed;
  assert.equal(got, 'ping over tcp');
  // The entry is written when the proxy sees the connection close.
  await until('a TCP access log entry', () => readFileSync(join(dir, 'tcp.log'), { flag: 'a+' }).toString().includes('\n'));
  assert.equal(readFileSync(join(dir, 'tcp.log'), 'utf8'), 'cds_ingress_webapp_echo_tcp_9000 13 13 -\n');
});
