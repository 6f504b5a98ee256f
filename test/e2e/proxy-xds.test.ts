import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, HTTP_CONNECTION_MANAGER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../src/xds-api/type-urls.js';
import { FakeAdsServer } from '../support/fake-ads-server.js';
import { freePort, get, request, startProxy, startUpstream, type StartedProxy, type Upstream } from '../support/proxy-harness.js';
import { assignment, edsCluster, httpListener, route, routeConfig } from '../support/xds-resources.js';

let ads: FakeAdsServer;
let p: StartedProxy;
let port: number;
let blue: Upstream;
let green: Upstream;

const routes = (cluster: string) => [routeConfig('r', [{ name: 'svc', domains: ['svc', 'svc:8080'], routes: [route({ prefix: '/', cluster })] }])];

before(async () => {
  blue = await startUpstream('blue');
  green = await startUpstream('green');
  port = await freePort();
  ads = new FakeAdsServer();
  await ads.start();
  ads.set(CLUSTER_TYPE_URL, [edsCluster('blue'), edsCluster('green')]);
  ads.set(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, [assignment('blue', [['127.0.0.1', blue.port]]), assignment('green', [['127.0.0.1', green.port]])]);
  ads.set(LISTENER_TYPE_URL, [httpListener('lds_egress_0.0.0.0_15001', port, { statPrefix: 'egress', rds: 'r' })]);
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, routes('blue'));
  p = await startProxy(ads);
});

after(async () => {
  p?.proxy.destroy();
  ads?.stop();
  await Promise.all([blue.close(), green.close()]);
});

const ask = () => get(`http://127.0.0.1:${port}/`, { host: 'svc' });

test('a new route version applies to the next request', async () => {
  assert.equal((await ask()).body, 'blue GET /');
  const applied = p.proxy.nextApplied();
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, routes('green'));
  await applied;
  assert.equal((await ask()).body, 'green GET /');
  await ads.waitForAck(ROUTE_CONFIGURATION_TYPE_URL);
});

test('a listener the proxy cannot run is NACKed with the reason and the old one keeps serving', async () => {
  const bad = httpListener('lds_egress_0.0.0.0_15001', port, { statPrefix: 'egress', rds: 'r' });
  const hcm = (bad['filter_chains'] as Array<{ filters: Array<{ typed_config: Record<string, unknown> }> }>)[0]!.filters[0]!.typed_config;
  assert.equal(hcm['@type'], HTTP_CONNECTION_MANAGER_TYPE_URL);
  hcm['http_filters'] = [{ name: 'envoy.filters.http.lua', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } }, ...(hcm['http_filters'] as unknown[])];
  ads.set(LISTENER_TYPE_URL, [bad]);
  const nack = await ads.waitFor((r) => r.typeUrl === LISTENER_TYPE_URL && r.error !== undefined);
  assert.match(nack.error!, /Listener lds_egress_0\.0\.0\.0_15001\.filter_chains\[0\]\.filters\[0\]\.typed_config\.http_filters\[0\]: the router filter must be the last filter/);
  assert.equal(nack.version, String(Number(ads.version(LISTENER_TYPE_URL)) - 1), 'version_info stays at the last accepted version');
  assert.equal(p.proxy.stats.value('listener_manager.lds.update_rejected'), 1);
  assert.equal((await ask()).status, 200);
});

test('the control plane killed during 5,000 requests: none fail, and the proxy resyncs when it returns', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  let ok = 0;
  const failures: string[] = [];
  let sent = 0;
  const worker = async () => {
    while (sent < 5000) {
      sent++;
      if (sent === 1000) ads.stop();
      const r = await request({ host: '127.0.0.1', port, path: '/', headers: { host: 'svc' }, agent }).catch((e: Error) => ({ status: 0, body: e.message }));
      if (r.status === 200) ok++;
      else failures.push(`${r.status} ${r.body}`);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  agent.destroy();
  assert.deepEqual(failures, []);
  assert.equal(ok, 5000);
  assert.equal(p.proxy.stats.value('control_plane.connected_state'), 0);
  // Back on the same address with new routes: the proxy reconnects and applies them.
  const applied = p.proxy.nextApplied();
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, routes('blue'));
  await ads.start(ads.port);
  await applied;
  assert.equal(p.proxy.stats.value('control_plane.connected_state'), 1);
  assert.equal((await ask()).body, 'blue GET /');
});
