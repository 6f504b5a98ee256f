/**
 * Envoy's admin API and access logs on `meshwork proxy` children configured by a real `meshwork up`: the
 * consumer (egress to blue, an ingress listener, logging.accessLog in Envoy's default text format) and
 * green (logging.accessLog with JSON fields).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { get, post, startUpstream, type Upstream } from '../support/proxy-harness.js';
import { backends, cloudMap, fileScope, httpNode, startRealMesh } from '../support/real-mesh.js';
import { startMeshProxy, until, type MeshProxy } from '../support/mesh-proxy.js';

const run = promisify(execFile);
const CLUSTER = 'cds_egress_webapp_blue_http_8080';
const scope = fileScope();
let p: MeshProxy;
let green: MeshProxy;
let up: Upstream;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-proxy-admin-'));
  scope.after(() => rmSync(dir, { recursive: true, force: true }));
  up = await startUpstream('blue');
  scope.after(() => up.close());
  const mesh = await startRealMesh(scope);
  await mesh.nodeService('blue.webapp.local', 'blue', httpNode(8080, 'blue'));
  await mesh.instances('blue', [up.port]);
  await mesh.node('consumer', {
    listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
    serviceDiscovery: cloudMap('consumer'),
    backends: backends('blue.webapp.local'),
    logging: { accessLog: { file: { path: join(dir, 'access.log') } } },
  });
  const json = [['code', '%RESPONSE_CODE%'], ['path', '%REQ(:PATH)%'], ['cluster', '%UPSTREAM_CLUSTER%'], ['flags', '%RESPONSE_FLAGS%']].map(([key, value]) => ({ key, value }));
  await mesh.node('green', httpNode(8081, 'green', { logging: { accessLog: { file: { path: join(dir, 'access.json'), format: { json } } } } }));
  [p, green] = await Promise.all([
    startMeshProxy(scope, mesh.xds, mesh.nodeId('consumer'), { logLevel: 'info', appPorts: { 8080: up.port } }),
    startMeshProxy(scope, mesh.xds, mesh.nodeId('green'), { appPorts: { 8081: up.port } }),
  ]);
  await p.waitForHealthyHosts(CLUSTER, 1);
  await get(p.url(15001, '/id'), { host: 'blue.webapp.local:8080', 'user-agent': 'curl/8', 'x-request-id': 'req-1' });
  await get(p.url(8080, '/in'));
  await get(p.url(15001, '/none'), { host: 'nobody' });
  await get(green.url(8081, '/json'));
});

/** Lines of an access log file, once it has at least `count` (entries are written as requests end). */
async function logLines(file: string, count: number): Promise<string[]> {
  let lines: string[] = [];
  await until(`${count} lines in ${file}`, () => {
    lines = readFileSync(file, { flag: 'a+' }).toString().split('\n').filter((l) => l !== '');
    return lines.length >= count;
  });
  return lines;
}

test('/ready is LIVE and /server_info reports the state and node', async () => {
  const ready = await get(`${p.admin}/ready`);
  assert.equal(ready.status, 200);
  assert.equal(ready.body, 'LIVE\n');
  assert.equal(ready.headers['content-type'], 'text/plain; charset=UTF-8');
  assert.equal(ready.headers['cache-control'], 'no-cache, max-age=0');
  const info = JSON.parse((await get(`${p.admin}/server_info`)).body) as { state: string; node: { id: string } };
  assert.equal(info.state, 'LIVE');
  assert.equal(info.node.id, 'mesh/webapp/virtualNode/consumer');
});

test('/stats has Envoy stat names, in text, JSON and with a filter', async () => {
  const text = (await get(`${p.admin}/stats`)).body;
  assert.match(text, new RegExp(`^cluster\\.${CLUSTER}\\.upstream_rq_total: 1$`, 'm'));
  assert.match(text, new RegExp(`^cluster\\.${CLUSTER}\\.upstream_rq_2xx: 1$`, 'm'));
  assert.match(text, new RegExp(`^cluster\\.${CLUSTER}\\.membership_healthy: 1$`, 'm'));
  assert.match(text, /^cluster\.cds_ingress_webapp_consumer_http_8080\.upstream_rq_total: 1$/m);
  assert.match(text, /^http\.egress\.downstream_rq_total: 2$/m);
  assert.match(text, /^http\.ingress\.downstream_rq_total: 1$/m);
  assert.match(text, /^listener\.0\.0\.0\.0_15001\.downstream_cx_total: 2$/m);
  assert.match(text, /^control_plane\.connected_state: 1$/m);
  assert.match(text, /^server\.live: 1$/m);
  assert.match(text, /^http\.egress\.rds\.rds_egress_http_15001\.version_text: "\S+"$/m);
  type Histograms = { histograms: { computed_quantiles: Array<{ name: string }> } };
  const json = JSON.parse((await get(`${p.admin}/stats?format=json&filter=^http\\.egress\\.`)).body) as { stats: Array<{ name: string; value: number } | Histograms> };
  const last = json.stats.pop() as Histograms;
  const flat = json.stats as Array<{ name: string; value: number }>;
  assert.ok(flat.length > 0 && flat.every((s) => s.name.startsWith('http.egress.')));
  assert.deepEqual(flat.find((s) => s.name === 'http.egress.downstream_rq_4xx'), { name: 'http.egress.downstream_rq_4xx', value: 1 });
  assert.deepEqual(last.histograms.computed_quantiles.map((q) => q.name), ['http.egress.downstream_cx_length_ms', 'http.egress.downstream_rq_time']);
});

test('/stats/prometheus uses Envoy names and tags', async () => {
  const prom = (await get(`${p.admin}/stats/prometheus`)).body;
  assert.match(prom, /^# TYPE envoy_cluster_upstream_rq_total counter$/m);
  assert.match(prom, new RegExp(`^envoy_cluster_upstream_rq\\{envoy_cluster_name="${CLUSTER}",envoy_response_code="200"\\} 1$`, 'm'));
  assert.match(prom, /^envoy_http_downstream_rq_xx\{envoy_http_conn_manager_prefix="egress",envoy_response_code_class="2"\} 1$/m);
  assert.match(prom, /^# TYPE envoy_control_plane_connected_state gauge$/m);
});

test('/clusters and /listeners in Envoy text form, /config_dump with the accepted resources', async () => {
  const clusters = await p.clusters();
  assert.match(clusters, new RegExp(`^${CLUSTER}::added_via_api::true$`, 'm'));
  assert.match(clusters, new RegExp(`^${CLUSTER}::127\\.0\\.0\\.1:${up.port}::health_flags::healthy$`, 'm'));
  assert.match(clusters, new RegExp(`^${CLUSTER}::127\\.0\\.0\\.1:${up.port}::rq_total::1$`, 'm'));
  const listeners = (await get(`${p.admin}/listeners`)).body;
  assert.match(listeners, new RegExp(`^lds_egress_0\\.0\\.0\\.0_15001::${p.address.replace(/\./g, '\\.')}:15001$`, 'm'));
  assert.match(listeners, new RegExp(`^lds_ingress_0\\.0\\.0\\.0_8080::${p.address.replace(/\./g, '\\.')}:8080$`, 'm'));
  const dump = JSON.parse((await get(`${p.admin}/config_dump`)).body) as { configs: Array<Record<string, unknown>> };
  assert.deepEqual(dump.configs.map((c) => c['@type']), [
    'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump',
    'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
    'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
    'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
  ]);
  assert.match(JSON.stringify(dump), new RegExp(`"name":"${CLUSTER}"`));
  assert.match(JSON.stringify(dump), /"name":"rds_egress_http_15001"/);
});

test('state changes need POST; unknown paths list the commands', async () => {
  const r = await get(`${p.admin}/healthcheck/fail`);
  assert.equal(r.status, 405);
  assert.equal(r.body, 'Method GET not allowed, POST required.');
  const nf = await get(`${p.admin}/nope`);
  assert.equal(nf.status, 404);
  assert.match(nf.body, /^invalid path\. admin commands are:\n/);
});

test('/healthcheck/fail turns /ready to DRAINING and /healthcheck/ok back to LIVE', async () => {
  assert.equal((await post(`${p.admin}/healthcheck/fail`)).body, 'OK\n');
  const ready = await get(`${p.admin}/ready`);
  assert.equal(ready.status, 503);
  assert.equal(ready.body, 'DRAINING\n');
  await post(`${p.admin}/healthcheck/ok`);
  assert.equal((await get(`${p.admin}/ready`)).body, 'LIVE\n');
});

test('curl -X POST /logging?level=debug, then a request: the proxy log shows the matched cluster and the :path', async () => {
  const { stdout } = await run('curl', ['-sS', '-X', 'POST', `${p.admin}/logging?level=debug`]);
  assert.match(stdout, /^active loggers:\n/);
  assert.match(stdout, /^ {2}router: debug$/m);
  await get(p.url(15001, '/debug/path'), { host: 'blue.webapp.local' });
  const [entry] = await p.child.waitFor(new RegExp(`^.*cluster '${CLUSTER}' match for URL '/debug/path'\n(?:'.*\n){3}`, 'm'), 5000);
  assert.match(entry, /\[debug\]\[router\]/);
  assert.match(entry, /^':authority', 'blue\.webapp\.local'$/m);
  assert.match(entry, /^':path', '\/debug\/path'$/m);
  const bad = await post(`${p.admin}/logging?nosuch=debug`);
  assert.equal(bad.status, 400);
  assert.match(bad.body, /^error: unknown logger name/);
  await post(`${p.admin}/logging?level=info`);
});

test('/reset_counters zeroes counters', async () => {
  assert.equal((await post(`${p.admin}/reset_counters`)).body, 'OK\n');
  assert.equal(await p.stat(`cluster.${CLUSTER}.upstream_rq_total`), 0);
});

test('access logs: Envoy default text format with response flags, and JSON keys', async () => {
  const text = await logLines(join(dir, 'access.log'), 3);
  assert.match(text[0]!, new RegExp(`^\\[\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\] "GET /id HTTP/1\\.1" 200 - 0 12 \\d+ \\d+ "-" "curl/8" "req-1" "blue\\.webapp\\.local:8080" "127\\.0\\.0\\.1:${up.port}"$`));
  assert.match(text[1]!, /"GET \/in HTTP\/1\.1" 200 - 0 12 /);
  assert.match(text[2]!, /"GET \/none HTTP\/1\.1" 404 NR 0 0 \d+ - "-" "-" "-" "nobody" "-"$/);
  const [entry] = (await logLines(join(dir, 'access.json'), 1)).map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(entry, { code: 200, path: '/json', cluster: 'cds_ingress_webapp_green_http_8081', flags: null });
});

test('latency histograms: upstream_rq_time per try and downstream_rq_time, kept across /reset_counters', async () => {
  const N = 20;
  const name = `cluster.${CLUSTER}.upstream_rq_time`;
  const only = `filter=${encodeURIComponent(`^${name.replace(/[.]/g, '\\.')}$`)}`;
  const promCount = async (metric: string, labels: string) => {
    const m = new RegExp(`^${metric}_count\\{${labels}\\} (\\d+)$`, 'm').exec((await get(`${p.admin}/stats/prometheus`)).body);
    return m ? Number(m[1]) : undefined;
  };
  const tag = `envoy_cluster_name="${CLUSTER}"`;
  // /id and /debug/path went to the cluster before /reset_counters ran; the histogram still has them.
  assert.equal(await promCount('envoy_cluster_upstream_rq_time', tag), 2);
  await get(`${p.admin}/stats?${only}`); // ends the interval
  for (let i = 0; i < N; i++) assert.equal((await get(p.url(15001, '/id'), { host: 'blue.webapp.local:8080' })).status, 200);

  const buckets = (await get(`${p.admin}/stats?histogram_buckets=cumulative&${only}`)).body;
  assert.match(buckets, new RegExp(`^${name.replace(/[.]/g, '\\.')}: B0\\.5\\(\\d+,\\d+\\) B1\\(.* B3600000\\(${N},${N + 2}\\)\\n$`));
  const text = (await get(`${p.admin}/stats?${only}`)).body;
  const m = new RegExp(`^${name.replace(/[.]/g, '\\.')}: P0\\(nan,([\\d.]+)\\) P25\\(nan,[\\d.]+\\) P50\\(nan,([\\d.]+)\\) .* P100\\(nan,([\\d.]+)\\)\\n$`).exec(text);
  assert.ok(m, `quantiles with an empty interval (the previous read ended it): ${text}`);
  const [p0, p50, p100] = [Number(m[1]), Number(m[2]), Number(m[3])];
  assert.ok(p0 <= p50 && p50 <= p100 && p100 < 2000, `P0 ${p0} ≤ P50 ${p50} ≤ P100 ${p100} < 2 s on loopback`);

  const prom = (await get(`${p.admin}/stats/prometheus`)).body;
  assert.match(prom, /^# TYPE envoy_cluster_upstream_rq_time histogram$/m);
  assert.match(prom, new RegExp(`^envoy_cluster_upstream_rq_time_bucket\\{${tag},le="0\\.5"\\} \\d+$`, 'm'));
  assert.match(prom, new RegExp(`^envoy_cluster_upstream_rq_time_bucket\\{${tag},le="\\+Inf"\\} ${N + 2}$`, 'm'));
  assert.match(prom, new RegExp(`^envoy_cluster_upstream_rq_time_count\\{${tag}\\} ${N + 2}$`, 'm'));
  // The egress connection manager counts a request once its response is complete.
  await until('downstream_rq_time of every egress request', async () => ((await promCount('envoy_http_downstream_rq_time', 'envoy_http_conn_manager_prefix="egress"')) ?? 0) >= N + 3);
  const connects = Number(new RegExp(`^envoy_cluster_upstream_cx_connect_ms_count\\{${tag}\\} (\\d+)$`, 'm').exec(prom)?.[1]);
  assert.ok(connects >= 1 && connects <= N + 2, `upstream_cx_connect_ms counts the pool's connections: ${connects}`);
  assert.match(prom, /^# TYPE envoy_listener_downstream_cx_length_ms histogram$/m);
});
