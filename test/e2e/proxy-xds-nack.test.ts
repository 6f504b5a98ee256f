/**
 * The proxy NACKs a listener it cannot run. This stays on FakeAdsServer (a stand-in ADS server): the
 * real snapshot builder never produces a listener the proxy rejects, so only hand-written Envoy
 * resources can reach this path.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, HTTP_CONNECTION_MANAGER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../src/xds-api/type-urls.js';
import { FakeAdsServer } from '../support/fake-ads-server.js';
import { freePort, get, startProxy, startUpstream, type StartedProxy, type Upstream } from '../support/proxy-harness.js';
import { assignment, edsCluster, httpListener, route, routeConfig } from '../support/xds-resources.js';

let ads: FakeAdsServer;
let p: StartedProxy;
let port: number;
let blue: Upstream;

before(async () => {
  blue = await startUpstream('blue');
  port = await freePort();
  ads = new FakeAdsServer();
  await ads.start();
  ads.set(CLUSTER_TYPE_URL, [edsCluster('blue')]);
  ads.set(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, [assignment('blue', [['127.0.0.1', blue.port]])]);
  ads.set(LISTENER_TYPE_URL, [httpListener('lds_egress_0.0.0.0_15001', port, { statPrefix: 'egress', rds: 'r' })]);
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, [routeConfig('r', [{ name: 'svc', domains: ['svc', 'svc:8080'], routes: [route({ prefix: '/', cluster: 'blue' })] }])]);
  p = await startProxy(ads);
});

after(async () => {
  p?.proxy.destroy();
  ads?.stop();
  await blue.close();
});

test('a listener the proxy cannot run is NACKed with the reason and the old one keeps serving', async () => {
  await ads.waitForAck(LISTENER_TYPE_URL);
  const bad = httpListener('lds_egress_0.0.0.0_15001', port, { statPrefix: 'egress', rds: 'r' });
  const hcm = (bad['filter_chains'] as Array<{ filters: Array<{ typed_config: Record<string, unknown> }> }>)[0]!.filters[0]!.typed_config;
  assert.equal(hcm['@type'], HTTP_CONNECTION_MANAGER_TYPE_URL);
  hcm['http_filters'] = [{ name: 'envoy.filters.http.lua', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } }, ...(hcm['http_filters'] as unknown[])];
  ads.set(LISTENER_TYPE_URL, [bad]);
  const nack = await ads.waitFor((r) => r.typeUrl === LISTENER_TYPE_URL && r.error !== undefined);
  assert.match(nack.error!, /Listener lds_egress_0\.0\.0\.0_15001\.filter_chains\[0\]\.filters\[0\]\.typed_config\.http_filters\[0\]: the router filter must be the last filter/);
  assert.equal(nack.version, String(Number(ads.version(LISTENER_TYPE_URL)) - 1), 'version_info stays at the last accepted version');
  assert.equal(p.proxy.stats.value('listener_manager.lds.update_rejected'), 1);
  assert.equal((await get(`http://127.0.0.1:${port}/`, { host: 'svc' })).body, 'blue GET /');
});
