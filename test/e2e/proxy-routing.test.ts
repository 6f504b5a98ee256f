import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../src/xds-api/type-urls.js';
import { FakeAdsServer } from '../support/fake-ads-server.js';
import { freePort, get, request, startProxy, startUpstream, type StartedProxy, type Upstream } from '../support/proxy-harness.js';
import { assignment, edsCluster, httpListener, route, routeConfig, staticCluster } from '../support/xds-resources.js';

const BLUE = 'cds_egress_webapp_blue-v1_blue_http_8080';
const GREEN = 'cds_egress_webapp_green-v1_green_http_8081';
let ads: FakeAdsServer;
let p: StartedProxy;
let egress: number;
const ups: Upstream[] = [];

before(async () => {
  ups.push(await startUpstream('blue-a'), await startUpstream('blue-b'), await startUpstream('green'));
  egress = await freePort();
  ads = new FakeAdsServer();
  await ads.start();
  ads.set(CLUSTER_TYPE_URL, [edsCluster(BLUE), edsCluster(GREEN), { ...staticCluster('dns', [['localhost', ups[2]!.port]]), type: 'STRICT_DNS', dns_lookup_family: 'V4_ONLY' }]);
  ads.set(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, [assignment(BLUE, [['127.0.0.1', ups[0]!.port], ['127.0.0.1', ups[1]!.port]]), assignment(GREEN, [['127.0.0.1', ups[2]!.port]])]);
  ads.set(LISTENER_TYPE_URL, [httpListener('lds_egress_0.0.0.0_15001', egress, { statPrefix: 'egress', rds: 'rds_egress_http_15001' })]);
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, [
    routeConfig('rds_egress_http_15001', [
      { name: 'blue.blue.svc.cluster.local', domains: ['blue.blue.svc.cluster.local', 'blue.blue.svc.cluster.local:8080'], routes: [route({ prefix: '/', cluster: BLUE })] },
      { name: 'dns.example', domains: ['dns.example'], routes: [route({ prefix: '/', cluster: 'dns' })] },
      {
        name: 'color.webapp.local',
        domains: ['color.webapp.local', 'color.webapp.local:8080'],
        routes: [route({ prefix: '/green/', cluster: GREEN, prefixRewrite: '/' }), route({ prefix: '/', weighted: [[BLUE, 1], [GREEN, 1]] })],
      },
    ]),
  ]);
  p = await startProxy(ads, { logLevel: 'debug' });
});

after(async () => {
  p?.proxy.destroy();
  ads?.stop();
  await Promise.all(ups.map((u) => u.close()));
});

test('origin-form requests are routed by Host and balanced round robin over the EDS endpoints', async () => {
  const bodies: string[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await get(`http://127.0.0.1:${egress}/id`, { host: 'blue.blue.svc.cluster.local:8080' });
    assert.equal(r.status, 200);
    assert.match(r.headers['x-envoy-upstream-service-time'] as string, /^\d+$/);
    bodies.push(r.body);
  }
  assert.deepEqual(bodies.sort(), ['blue-a GET /id', 'blue-a GET /id', 'blue-b GET /id', 'blue-b GET /id']);
});

test('absolute-form requests (HTTP_PROXY clients) are routed by the URI authority', async () => {
  const r = await request({ host: '127.0.0.1', port: egress, path: 'http://color.webapp.local:8080/green/ping?x=1' });
  assert.equal(r.status, 200);
  assert.equal(r.body, 'green GET /ping?x=1');
});

test('an unknown host gets 404 with the NR flag', async () => {
  const r = await get(`http://127.0.0.1:${egress}/`, { host: 'nobody.example' });
  assert.equal(r.status, 404);
  assert.equal(r.headers['x-meshwork-response-flags'], 'NR');
});

test('the proxy ACKed every resource type', async () => {
  for (const t of [CLUSTER_TYPE_URL, CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL]) await ads.waitForAck(t);
  const first = ads.requests.find((r) => r.nodeId !== undefined);
  assert.equal(first?.nodeId, 'mesh/webapp/virtualNode/consumer_consumer');
  assert.equal(first?.nodeMetadata?.interception, 'local');
  assert.equal(first?.nodeMetadata?.address, '127.0.0.1');
});

test('a STRICT_DNS cluster resolves its hostname (logged at debug) and serves', async () => {
  await new Promise<void>((resolve) => {
    const check = () => (p.proxy.clusters.get('dns')!.hosts.length > 0 ? resolve() : setImmediate(check));
    check();
  });
  const r = await get(`http://127.0.0.1:${egress}/dns`, { host: 'dns.example' });
  assert.equal(r.body, 'green GET /dns');
  assert.ok(p.lines.some((l) => /\[debug\]\[dns\] dns resolution for localhost completed with status success: \[127\.0\.0\.1/.test(l)));
});
