import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, HTTP_CONNECTION_MANAGER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL, ROUTER_TYPE_URL } from '../../src/xds-api/type-urls.js';
import { FakeAdsServer } from '../support/fake-ads-server.js';
import { freePort, get, request, startProxy, startUpstream, type StartedProxy, type Upstream } from '../support/proxy-harness.js';
import { ADS, assignment, edsCluster, route, routeConfig } from '../support/xds-resources.js';

let ads: FakeAdsServer;
let p: StartedProxy;
let egress: number;
let blue: Upstream;
let red: Upstream;
let outside: Upstream;

function portChain(port: number, rds: string) {
  return {
    filter_chain_match: { destination_port: { value: port } },
    filters: [
      {
        name: 'envoy.filters.network.http_connection_manager',
        typed_config: { '@type': HTTP_CONNECTION_MANAGER_TYPE_URL, stat_prefix: 'egress', rds: { route_config_name: rds, config_source: ADS }, http_filters: [{ name: 'envoy.filters.http.router', typed_config: { '@type': ROUTER_TYPE_URL } }] },
      },
    ],
  };
}

before(async () => {
  blue = await startUpstream('blue');
  red = await startUpstream('red');
  outside = await startUpstream('outside');
  egress = await freePort();
  ads = new FakeAdsServer();
  await ads.start();
  ads.set(CLUSTER_TYPE_URL, [edsCluster('cds_egress_webapp_blue_http_8080'), edsCluster('cds_egress_webapp_red_http_9090'), { name: 'cds_egress_webapp_mesh-allow-all', type: 'ORIGINAL_DST', lb_policy: 'CLUSTER_PROVIDED' }]);
  ads.set(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, [assignment('cds_egress_webapp_blue_http_8080', [['127.0.0.1', blue.port]]), assignment('cds_egress_webapp_red_http_9090', [['127.0.0.1', red.port]])]);
  ads.set(LISTENER_TYPE_URL, [{ name: 'lds_egress_0.0.0.0_15001', address: { socket_address: { address: '0.0.0.0', port_value: egress } }, filter_chains: [portChain(8080, 'rds_egress_http_8080'), portChain(9090, 'rds_egress_http_9090')] }]);
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, [
    routeConfig('rds_egress_http_8080', [
      { name: 'blue', domains: ['blue', 'blue:8080'], routes: [route({ prefix: '/', cluster: 'cds_egress_webapp_blue_http_8080' })] },
      { name: 'allow-all', domains: ['*'], routes: [route({ prefix: '/', cluster: 'cds_egress_webapp_mesh-allow-all' })] },
    ]),
    routeConfig('rds_egress_http_9090', [{ name: 'red', domains: ['red', 'red:9090'], routes: [route({ prefix: '/', cluster: 'cds_egress_webapp_red_http_9090' })] }]),
  ]);
  p = await startProxy(ads);
});

after(async () => {
  p?.proxy.destroy();
  ads?.stop();
  await Promise.all([blue.close(), red.close(), outside.close()]);
});

test('per-destination-port egress chains are chosen by the port in Host', async () => {
  assert.equal((await get(`http://127.0.0.1:${egress}/a`, { host: 'blue:8080' })).body, 'blue GET /a');
  assert.equal((await get(`http://127.0.0.1:${egress}/b`, { host: 'red:9090' })).body, 'red GET /b');
  // red on port 8080 is no virtual service of that chain: it falls to mesh-allow-all, and "red" does not resolve.
  const r = await get(`http://127.0.0.1:${egress}/c`, { host: 'red:8080' });
  assert.equal(r.status, 503);
  assert.equal(r.headers['x-meshwork-response-flags'], 'UF');
});

test('the mesh allow-all ORIGINAL_DST cluster forwards to the requested host:port', async () => {
  const r = await request({ host: '127.0.0.1', port: egress, path: `http://127.0.0.1:${outside.port}/ext` });
  assert.equal(r.status, 200);
  assert.equal(r.body, 'outside GET /ext');
});
