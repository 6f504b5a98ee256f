/**
 * Bad traffic at a `meshwork proxy` configured by a real `meshwork up`: the consumer's egress (App Mesh
 * local mode, :15001) in front of two Cloud Map-registered services, one of which cuts its responses.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { DEFAULT_HEADERS_TIMEOUT_MS } from '../../src/proxy/listener/listener.js';
import { get, startUpstream, type Upstream } from '../support/proxy-harness.js';
import { backends, fileScope, httpNode, startRealMesh } from '../support/real-mesh.js';
import { startMeshProxy, type MeshProxy } from '../support/mesh-proxy.js';

const scope = fileScope();
let p: MeshProxy;
let web: Upstream;
let cutter: Upstream;
/** A client that never finishes its headers, started first: App Mesh has no field for the header timeout, so it runs for the proxy's default while the other tests go on. */
let slow: Promise<string>;

before(async () => {
  web = await startUpstream('web');
  cutter = await startUpstream('cutter', (req, res) => {
    res.writeHead(200, { 'content-length': '1000' });
    res.write('partial');
    setImmediate(() => req.socket.destroy());
  });
  scope.after(() => Promise.all([web.close(), cutter.close()]));
  const mesh = await startRealMesh(scope);
  for (const [name, up] of [['web', web], ['cutter', cutter]] as const) {
    await mesh.nodeService(`${name}.webapp.local`, name, httpNode(8080, name));
    await mesh.instances(name, [up.port]);
  }
  await mesh.node('consumer', { backends: backends('web.webapp.local', 'cutter.webapp.local') });
  p = await startMeshProxy(scope, mesh.xds, mesh.nodeId('consumer'));
  await p.waitForHealthyHosts('cds_egress_webapp_cutter_http_8080', 1);
  slow = raw('GET / HTTP/1.1\r\nHost: web.webapp.local\r\nX-Slow: 1\r\n', { keepOpen: true });
});

/** Sends raw bytes and returns everything the proxy wrote until it closed the connection. */
function raw(payload: string | Buffer, opts: { keepOpen?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(15001, p.address);
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString('latin1')));
    s.on('close', () => resolve(got));
    s.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve(got) : reject(e)));
    s.write(payload);
    if (!opts.keepOpen) s.end();
  });
}

test('Content-Length together with Transfer-Encoding (request smuggling) is rejected with 400 and closed', async () => {
  const reply = await raw('POST / HTTP/1.1\r\nHost: web.webapp.local\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: web.webapp.local\r\n\r\n');
  assert.match(reply, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(reply, /connection: close/i);
  assert.doesNotMatch(reply, /smuggled/);
  assert.equal(web.hits, 0, 'nothing reached the upstream');
});

test('a chunked request body with a bad chunk size gets 400 and a closed connection', async () => {
  const reply = await raw('POST / HTTP/1.1\r\nHost: web.webapp.local\r\nTransfer-Encoding: chunked\r\n\r\nnot-hex\r\nabc\r\n0\r\n\r\n', { keepOpen: true });
  assert.match(reply, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(reply, /x-meshwork-response-flags: DPE/i);
});

test('pipelined requests are answered in order on one connection', async () => {
  const get = (path: string, last = false) => `GET ${path} HTTP/1.1\r\nHost: web.webapp.local\r\n${last ? 'Connection: close\r\n' : ''}\r\n`;
  const reply = await raw(get('/p1') + get('/p2') + get('/p3', true), { keepOpen: true });
  assert.deepEqual([...reply.matchAll(/web GET (\/p\d)/g)].map((m) => m[1]), ['/p1', '/p2', '/p3']);
  assert.equal(reply.match(/HTTP\/1\.1 200 /g)?.length, 3);
});

test('oversized headers get 431 and a closed connection', async () => {
  const reply = await raw(`GET / HTTP/1.1\r\nHost: web.webapp.local\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\n\r\n`);
  assert.match(reply, /^HTTP\/1\.1 431 /);
});

test('an oversized URL gets 431', async () => {
  const reply = await raw(`GET /${'u'.repeat(70 * 1024)} HTTP/1.1\r\nHost: web.webapp.local\r\n\r\n`);
  assert.match(reply, /^HTTP\/1\.1 431 /);
});

test('a malformed request line gets 400', async () => {
  const reply = await raw('THIS IS NOT HTTP\r\n\r\n');
  assert.match(reply, /^HTTP\/1\.1 400 /);
  assert.ok(((await p.stat('http.egress.downstream_cx_protocol_error')) ?? 0) >= 1);
});

test('an upstream that resets mid-body closes that response only', async () => {
  await assert.rejects(get(p.url(15001, '/'), { host: 'cutter.webapp.local' }), /aborted|socket hang up|ECONNRESET/);
  const after = await get(p.url(15001, '/still-ok'), { host: 'web.webapp.local' });
  assert.equal(after.status, 200);
  assert.equal(after.body, 'web GET /still-ok');
});

test(`a slow client that never finishes its headers gets 408 after ${DEFAULT_HEADERS_TIMEOUT_MS} ms while others are served`, async () => {
  const other = await get(p.url(15001, '/fine'), { host: 'web.webapp.local' });
  assert.equal(other.status, 200);
  const reply = await slow;
  assert.match(reply, /^HTTP\/1\.1 408 /);
});
