import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../src/xds-api/type-urls.js';
import { FakeAdsServer } from '../support/fake-ads-server.js';
import { freePort, get, startProxy, startUpstream, type StartedProxy, type Upstream } from '../support/proxy-harness.js';
import { assignment, edsCluster, httpListener, route, routeConfig } from '../support/xds-resources.js';

let ads: FakeAdsServer;
let p: StartedProxy;
let port: number;
let web: Upstream;
let cutter: Upstream;

before(async () => {
  web = await startUpstream('web');
  cutter = await startUpstream('cutter', (req, res) => {
    res.writeHead(200, { 'content-length': '1000' });
    res.write('partial');
    setImmediate(() => req.socket.destroy());
  });
  port = await freePort();
  ads = new FakeAdsServer();
  await ads.start();
  ads.set(CLUSTER_TYPE_URL, [edsCluster('web'), edsCluster('cutter')]);
  ads.set(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, [assignment('web', [['127.0.0.1', web.port]]), assignment('cutter', [['127.0.0.1', cutter.port]])]);
  ads.set(LISTENER_TYPE_URL, [httpListener('lds_ingress_0.0.0.0_8080', port, { statPrefix: 'ingress', rds: 'r', headersTimeoutMs: 300 })]);
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, [
    routeConfig('r', [
      { name: 'cutter', domains: ['cutter'], routes: [route({ prefix: '/', cluster: 'cutter' })] },
      { name: 'web', domains: ['*'], routes: [route({ prefix: '/', cluster: 'web' })] },
    ]),
  ]);
  p = await startProxy(ads);
});

after(async () => {
  p?.proxy.destroy();
  ads?.stop();
  await Promise.all([web.close(), cutter.close()]);
});

/** Sends raw bytes and returns everything the proxy wrote until it closed the connection. */
function raw(payload: string | Buffer, opts: { keepOpen?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString('latin1')));
    s.on('close', () => resolve(got));
    s.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve(got) : reject(e)));
    s.write(payload);
    if (!opts.keepOpen) s.end();
  });
}

test('Content-Length together with Transfer-Encoding (request smuggling) is rejected with 400 and closed', async () => {
  const reply = await raw('POST / HTTP/1.1\r\nHost: web\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: web\r\n\r\n');
  assert.match(reply, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(reply, /connection: close/i);
  assert.doesNotMatch(reply, /smuggled/);
  assert.equal(web.hits, 0, 'nothing reached the upstream');
});

test('oversized headers get 431 and a closed connection', async () => {
  const reply = await raw(`GET / HTTP/1.1\r\nHost: web\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\n\r\n`);
  assert.match(reply, /^HTTP\/1\.1 431 /);
});

test('an oversized URL gets 431', async () => {
  const reply = await raw(`GET /${'u'.repeat(70 * 1024)} HTTP/1.1\r\nHost: web\r\n\r\n`);
  assert.match(reply, /^HTTP\/1\.1 431 /);
});

test('a malformed request line gets 400', async () => {
  const reply = await raw('THIS IS NOT HTTP\r\n\r\n');
  assert.match(reply, /^HTTP\/1\.1 400 /);
  assert.equal(p.proxy.stats.value('http.ingress.downstream_cx_protocol_error')! >= 1, true);
});

test('a slow client that never finishes its headers gets 408 while others are served', async () => {
  const slow = raw('GET / HTTP/1.1\r\nHost: web\r\nX-Slow: 1\r\n', { keepOpen: true });
  const other = await get(`http://127.0.0.1:${port}/fine`, { host: 'web' });
  assert.equal(other.status, 200);
  const reply = await slow;
  assert.match(reply, /^HTTP\/1\.1 408 /);
});

test('an upstream that resets mid-body closes that response only', async () => {
  await assert.rejects(get(`http://127.0.0.1:${port}/`, { host: 'cutter' }), /aborted|socket hang up|ECONNRESET/);
  const after = await get(`http://127.0.0.1:${port}/still-ok`, { host: 'web' });
  assert.equal(after.status, 200);
  assert.equal(after.body, 'web GET /still-ok');
});
