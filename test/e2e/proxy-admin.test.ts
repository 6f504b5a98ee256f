import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../src/xds-api/type-urls.js';
import { FakeAdsServer } from '../support/fake-ads-server.js';
import { freePort, get, post, startProxy, startUpstream, type StartedProxy, type Upstream } from '../support/proxy-harness.js';
import { assignment, edsCluster, httpListener, route, routeConfig } from '../support/xds-resources.js';

const CLUSTER = 'cds_egress_webapp_blue-v1_blue_http_8080';
let ads: FakeAdsServer;
let p: StartedProxy;
let port: number;
let jsonPort: number;
let up: Upstream;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-proxy-'));
  up = await startUpstream('blue');
  port = await freePort();
  jsonPort = await freePort();
  ads = new FakeAdsServer();
  await ads.start();
  ads.set(CLUSTER_TYPE_URL, [edsCluster(CLUSTER)]);
  ads.set(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, [assignment(CLUSTER, [['127.0.0.1', up.port]])]);
  ads.set(LISTENER_TYPE_URL, [
    httpListener('lds_egress_0.0.0.0_15001', port, { statPrefix: 'egress', rds: 'rds_egress_http_15001', accessLogPath: join(dir, 'access.log') }),
    httpListener('lds_ingress_0.0.0.0_8080', jsonPort, {
      statPrefix: 'ingress',
      rds: 'rds_egress_http_15001',
      accessLogPath: join(dir, 'access.json'),
      jsonLog: { code: '%RESPONSE_CODE%', path: '%REQ(:PATH)%', cluster: '%UPSTREAM_CLUSTER%', flags: '%RESPONSE_FLAGS%' },
    }),
  ]);
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, [routeConfig('rds_egress_http_15001', [{ name: 'blue', domains: ['blue', 'blue:8080'], routes: [route({ prefix: '/', cluster: CLUSTER })] }])]);
  p = await startProxy(ads, { logLevel: 'info' });
  await get(`http://127.0.0.1:${port}/id`, { host: 'blue:8080', 'user-agent': 'curl/8', 'x-request-id': 'req-1' });
  await get(`http://127.0.0.1:${jsonPort}/json`, { host: 'blue' });
  await get(`http://127.0.0.1:${jsonPort}/none`, { host: 'nobody' });
});

after(async () => {
  p?.proxy.destroy();
  ads?.stop();
  await up.close();
  rmSync(dir, { recursive: true, force: true });
});

test('/ready is LIVE and /server_info reports the state and node', async () => {
  const ready = await get(`${p.adminUrl}/ready`);
  assert.equal(ready.status, 200);
  assert.equal(ready.body, 'LIVE\n');
  assert.equal(ready.headers['content-type'], 'text/plain; charset=UTF-8');
  assert.equal(ready.headers['cache-control'], 'no-cache, max-age=0');
  const info = JSON.parse((await get(`${p.adminUrl}/server_info`)).body) as { state: string; node: { id: string } };
  assert.equal(info.state, 'LIVE');
  assert.equal(info.node.id, 'mesh/webapp/virtualNode/consumer_consumer');
});

test('/stats has Envoy stat names, in text, JSON and with a filter', async () => {
  const text = (await get(`${p.adminUrl}/stats`)).body;
  assert.match(text, new RegExp(`^cluster\\.${CLUSTER}\\.upstream_rq_total: 2$`, 'm'));
  assert.match(text, new RegExp(`^cluster\\.${CLUSTER}\\.upstream_rq_2xx: 2$`, 'm'));
  assert.match(text, new RegExp(`^cluster\\.${CLUSTER}\\.membership_healthy: 1$`, 'm'));
  assert.match(text, /^http\.egress\.downstream_rq_total: 1$/m);
  assert.match(text, /^listener\.0\.0\.0\.0_\d+\.downstream_cx_total: 1$/m);
  assert.match(text, /^control_plane\.connected_state: 1$/m);
  assert.match(text, /^server\.live: 1$/m);
  const json = JSON.parse((await get(`${p.adminUrl}/stats?format=json&filter=^http\\.ingress\\.`)).body) as { stats: Array<{ name: string; value: number }> };
  assert.ok(json.stats.length > 0 && json.stats.every((s) => s.name.startsWith('http.ingress.')));
  assert.deepEqual(json.stats.find((s) => s.name === 'http.ingress.downstream_rq_4xx'), { name: 'http.ingress.downstream_rq_4xx', value: 1 });
});

test('/stats/prometheus uses Envoy names and tags', async () => {
  const prom = (await get(`${p.adminUrl}/stats/prometheus`)).body;
  assert.match(prom, /^# TYPE envoy_cluster_upstream_rq_total counter$/m);
  assert.match(prom, new RegExp(`^envoy_cluster_upstream_rq\\{envoy_cluster_name="${CLUSTER}",envoy_response_code="200"\\} 2$`, 'm'));
  assert.match(prom, /^envoy_http_downstream_rq_xx\{envoy_http_conn_manager_prefix="egress",envoy_response_code_class="2"\} 1$/m);
  assert.match(prom, /^# TYPE envoy_control_plane_connected_state gauge$/m);
});

test('/clusters and /listeners in Envoy text form, /config_dump with the accepted resources', async () => {
  const clusters = (await get(`${p.adminUrl}/clusters`)).body;
  assert.match(clusters, new RegExp(`^${CLUSTER}::added_via_api::true$`, 'm'));
  assert.match(clusters, new RegExp(`^${CLUSTER}::127\\.0\\.0\\.1:${up.port}::health_flags::healthy$`, 'm'));
  assert.match(clusters, new RegExp(`^${CLUSTER}::127\\.0\\.0\\.1:${up.port}::rq_total::2$`, 'm'));
  const listeners = (await get(`${p.adminUrl}/listeners`)).body;
  assert.match(listeners, new RegExp(`^lds_egress_0\\.0\\.0\\.0_15001::127\\.0\\.0\\.1:${port}$`, 'm'));
  const dump = JSON.parse((await get(`${p.adminUrl}/config_dump`)).body) as { configs: Array<Record<string, unknown>> };
  assert.deepEqual(dump.configs.map((c) => c['@type']), [
    'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump',
    'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
    'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
    'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
  ]);
  assert.match(JSON.stringify(dump), /"name":"cds_egress_webapp_blue-v1_blue_http_8080"/);
});

test('state changes need POST; unknown paths list the commands', async () => {
  const r = await get(`${p.adminUrl}/healthcheck/fail`);
  assert.equal(r.status, 405);
  assert.equal(r.body, 'Method GET not allowed, POST required.');
  const nf = await get(`${p.adminUrl}/nope`);
  assert.equal(nf.status, 404);
  assert.match(nf.body, /^invalid path\. admin commands are:\n/);
});

test('/healthcheck/fail turns /ready to DRAINING and /healthcheck/ok back to LIVE', async () => {
  assert.equal((await post(`${p.adminUrl}/healthcheck/fail`)).body, 'OK\n');
  const ready = await get(`${p.adminUrl}/ready`);
  assert.equal(ready.status, 503);
  assert.equal(ready.body, 'DRAINING\n');
  await post(`${p.adminUrl}/healthcheck/ok`);
  assert.equal((await get(`${p.adminUrl}/ready`)).body, 'LIVE\n');
});

test('POST /logging?level=debug, then a request: the log shows the matched cluster and the path', async () => {
  const r = await post(`${p.adminUrl}/logging?level=debug`);
  assert.match(r.body, /^active loggers:\n/);
  assert.match(r.body, /^ {2}router: debug$/m);
  await get(`http://127.0.0.1:${port}/debug/path`, { host: 'blue' });
  const line = p.lines.find((l) => l.includes(`cluster '${CLUSTER}' match for URL '/debug/path'`));
  assert.ok(line, p.lines.join('\n'));
  assert.match(line, /\[debug\]\[router\]/);
  assert.match(line, /':authority', 'blue'/);
  const bad = await post(`${p.adminUrl}/logging?nosuch=debug`);
  assert.equal(bad.status, 400);
  assert.match(bad.body, /^error: unknown logger name/);
  await post(`${p.adminUrl}/logging?level=info`);
});

test('/reset_counters zeroes counters', async () => {
  assert.equal((await post(`${p.adminUrl}/reset_counters`)).body, 'OK\n');
  assert.equal(p.proxy.stats.value(`cluster.${CLUSTER}.upstream_rq_total`), 0);
});

test('access logs: Envoy default text format and JSON keys', async () => {
  const text = readFileSync(join(dir, 'access.log'), 'utf8').split('\n')[0]!;
  assert.match(text, new RegExp(`^\\[\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\] "GET /id HTTP/1\\.1" 200 - 0 12 \\d+ \\d+ "-" "curl/8" "req-1" "blue:8080" "127\\.0\\.0\\.1:${up.port}"$`));
  const json = readFileSync(join(dir, 'access.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(json[0], { code: 200, path: '/json', cluster: CLUSTER, flags: null });
  assert.deepEqual(json[1], { code: 404, path: '/none', cluster: null, flags: 'NR' });
});
