import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { FakeAdsServer } from '../../../test/support/fake-ads-server.js';
import { freePort, get, startProxy, startUpstream, type StartedProxy, type Upstream } from '../../../test/support/proxy-harness.js';
import { assignment, edsCluster, httpListener, route, routeConfig } from '../../../test/support/xds-resources.js';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../xds-api/type-urls.js';

let ads: FakeAdsServer;
let p: StartedProxy;
let port: number;
let plain: Upstream;
let closer: net.Server;
const sockets = new Set<net.Socket>();
let closerRequests = 0;

before(async () => {
  plain = await startUpstream('plain');
  // Answers the first request on each connection with keep-alive, then closes the connection as the
  // next request arrives, without answering it: what an upstream whose idle timeout just fired does.
  closer = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let served = 0;
    socket.on('data', (chunk: Buffer) => {
      if (!chunk.includes('\r\n\r\n')) return;
      closerRequests++;
      if (served++ === 0) socket.write('HTTP/1.1 200 OK\r\ncontent-length: 6\r\nconnection: keep-alive\r\n\r\ncloser');
      else socket.destroy();
    });
  });
  await new Promise<void>((r) => closer.listen(0, '127.0.0.1', r));
  port = await freePort();
  ads = new FakeAdsServer();
  await ads.start();
  const closerPort = (closer.address() as net.AddressInfo).port;
  ads.set(CLUSTER_TYPE_URL, [edsCluster('plain'), edsCluster('closer')]);
  ads.set(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, [assignment('plain', [['127.0.0.1', plain.port]]), assignment('closer', [['127.0.0.1', closerPort]])]);
  ads.set(LISTENER_TYPE_URL, [httpListener('lds_egress_0.0.0.0_15001', port, { statPrefix: 'egress', rds: 'r' })]);
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, [
    routeConfig('r', [
      { name: 'plain', domains: ['plain'], routes: [route({ cluster: 'plain' })] },
      { name: 'closer', domains: ['closer'], routes: [route({ cluster: 'closer' })] },
    ]),
  ]);
  p = await startProxy(ads);
});

after(async () => {
  p?.proxy.destroy();
  ads?.stop();
  for (const s of sockets) s.destroy();
  closer?.close();
  await plain?.close();
});

test('sequential requests reuse one pooled upstream connection, and the stats say so', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await get(`http://127.0.0.1:${port}/n${i}`, { host: 'plain' });
    assert.equal(r.status, 200);
    assert.equal(r.body, `plain GET /n${i}`);
  }
  const stat = (n: string) => p.proxy.stats.value(`cluster.plain.${n}`);
  assert.equal(stat('upstream_cx_total'), 1);
  assert.equal(stat('upstream_cx_http1_total'), 1);
  assert.equal(stat('upstream_cx_active'), 1);
  assert.equal(stat('upstream_rq_2xx'), 5);
});

test('a keep-alive connection the upstream closes as it is reused: the request is sent again on a new one', async () => {
  const first = await get(`http://127.0.0.1:${port}/a`, { host: 'closer' });
  assert.equal(first.status, 200);
  const second = await get(`http://127.0.0.1:${port}/b`, { host: 'closer' });
  assert.equal(second.status, 200, second.body);
  assert.equal(second.body, 'closer');
  assert.equal(closerRequests, 3, 'the lost request was written once more, on a fresh connection');
  assert.equal(p.proxy.stats.value('cluster.closer.upstream_cx_total'), 2);
});

test('when EDS removes a host, its pooled connections are closed', async () => {
  const stat = (n: string) => p.proxy.stats.value(`cluster.plain.${n}`) ?? 0;
  assert.equal((await get(`http://127.0.0.1:${port}/before`, { host: 'plain' })).status, 200);
  assert.ok(stat('upstream_cx_active') >= 1);
  ads.set(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, [assignment('plain', []), assignment('closer', [['127.0.0.1', (closer.address() as net.AddressInfo).port]])]);
  // Well inside the upstream's own 5 s keep-alive timeout, so it is the proxy that closes them.
  const deadline = Date.now() + 2000;
  while (stat('upstream_cx_active') !== 0) {
    assert.ok(Date.now() < deadline, `upstream_cx_active is still ${stat('upstream_cx_active')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal(stat('upstream_cx_destroy'), stat('upstream_cx_total'));
});
