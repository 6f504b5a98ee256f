import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import WebSocket, { WebSocketServer } from 'ws';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../src/xds-api/type-urls.js';
import { FakeAdsServer } from '../support/fake-ads-server.js';
import { freePort, request, startProxy, startUpstream, type StartedProxy, type Upstream } from '../support/proxy-harness.js';
import { assignment, edsCluster, http2Options, httpListener, route, routeConfig, tcpListener } from '../support/xds-resources.js';

const run = promisify(execFile);
let ads: FakeAdsServer;
let p: StartedProxy;
let port: number;
let tcpPort: number;
let web: Upstream;
let wss: WebSocketServer;
let grpcServer: grpc.Server;
let echo: net.Server;

const identity = (b: Buffer) => b;
const ECHO_PATH = '/test.Echo/Say';

before(async () => {
  web = await startUpstream('web', (req, res) => {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => res.end(`${req.method} ${req.url} ${n} bytes`));
  });
  wss = new WebSocketServer({ server: web.server });
  wss.on('connection', (ws) => ws.on('message', (m: Buffer) => ws.send(`echo:${m.toString()}`)));
  grpcServer = new grpc.Server();
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
  const grpcPort = await new Promise<number>((resolve, reject) => grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  echo = net.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  port = await freePort();
  tcpPort = await freePort();
  ads = new FakeAdsServer();
  await ads.start();
  ads.set(CLUSTER_TYPE_URL, [edsCluster('web'), edsCluster('grpc', http2Options()), edsCluster('echo')]);
  ads.set(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, [
    assignment('web', [['127.0.0.1', web.port]]),
    assignment('grpc', [['127.0.0.1', grpcPort]]),
    assignment('echo', [['127.0.0.1', (echo.address() as net.AddressInfo).port]]),
  ]);
  ads.set(LISTENER_TYPE_URL, [httpListener('lds_egress_0.0.0.0_15001', port, { statPrefix: 'egress', rds: 'r' }), tcpListener('lds_ingress_0.0.0.0_tcp', tcpPort, 'echo')]);
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, [
    routeConfig('r', [
      { name: 'web', domains: ['web', 'web:8080'], routes: [route({ prefix: '/', cluster: 'web' })] },
      { name: 'grpc', domains: ['grpc', 'grpc:8080'], routes: [route({ prefix: '/', cluster: 'grpc' })] },
    ]),
  ]);
  p = await startProxy(ads);
});

after(async () => {
  p?.proxy.destroy();
  ads?.stop();
  wss?.close();
  grpcServer?.forceShutdown();
  echo?.close();
  await web?.close();
});

test('curl through the egress as an HTTP proxy (-x, absolute-form)', async () => {
  const { stdout } = await run('curl', ['-sS', '-x', `http://127.0.0.1:${port}`, 'http://web:8080/via/proxy?q=1']);
  assert.equal(stdout, 'GET /via/proxy?q=1 0 bytes');
});

test('HTTP/2 (h2c prior knowledge) downstream to an HTTP/1.1 upstream', async () => {
  const client = http2.connect(`http://127.0.0.1:${port}`);
  try {
    const stream = client.request({ ':path': '/h2', ':authority': 'web' });
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
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { 'grpc.default_authority': 'grpc' });
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
  const ws = new WebSocket(`ws://127.0.0.1:${port}/chat`, { headers: { host: 'web' } });
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
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/upload', agent: false, headers: { host: 'web', expect: '100-continue' } }, (res) => {
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
  for (let i = 0; i < 20; i++) assert.equal((await request({ host: '127.0.0.1', port, path: `/k${i}`, headers: { host: 'web' }, agent })).status, 200);
  agent.destroy();
  assert.ok((p.proxy.stats.value('cluster.web.upstream_cx_total') ?? 0) <= 3, 'upstream connections are pooled');
});

test('TCP proxy pipes bytes both ways', async () => {
  const s = net.connect(tcpPort, '127.0.0.1');
  s.write('ping over tcp');
  const got = await new Promise<string>((resolve) => s.once('data', (d: Buffer) => resolve(d.toString())));
  s.destroy();
  assert.equal(got, 'ping over tcp');
});
