import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractTags, renderJson, renderPrometheus, renderText } from './render.js';
import { StatsStore } from './store.js';

const cases: Array<[string, string, Array<[string, string]>]> = [
  ['cluster.cds_egress_webapp_blue-v1_blue_http_8080.upstream_rq_200', 'envoy_cluster_upstream_rq', [['envoy_cluster_name', 'cds_egress_webapp_blue-v1_blue_http_8080'], ['envoy_response_code', '200']]],
  ['cluster.c.upstream_rq_2xx', 'envoy_cluster_upstream_rq_xx', [['envoy_cluster_name', 'c'], ['envoy_response_code_class', '2']]],
  ['cluster.c.health_check.healthy', 'envoy_cluster_health_check_healthy', [['envoy_cluster_name', 'c']]],
  ['http.ingress.downstream_rq_5xx', 'envoy_http_downstream_rq_xx', [['envoy_http_conn_manager_prefix', 'ingress'], ['envoy_response_code_class', '5']]],
  ['listener.0.0.0.0_15000.downstream_cx_total', 'envoy_listener_downstream_cx_total', [['envoy_listener_address', '0.0.0.0_15000']]],
  ['control_plane.connected_state', 'envoy_control_plane_connected_state', []],
];

for (const [name, metric, tags] of cases) {
  test(`prometheus name for ${name}`, () => assert.deepEqual(extractTags(name), { name: metric, tags }));
}

test('text output is sorted by name; prometheus groups counters then gauges', () => {
  const s = new StatsStore();
  s.counter('cluster.b.upstream_rq_total').inc(2);
  s.gauge('cluster.a.upstream_cx_active').set(1);
  s.counter('cluster.a.upstream_rq_200').inc();
  assert.equal(renderText(s, {}), 'cluster.a.upstream_cx_active: 1\ncluster.a.upstream_rq_200: 1\ncluster.b.upstream_rq_total: 2\n');
  assert.equal(
    renderPrometheus(s, {}),
    '# TYPE envoy_cluster_upstream_rq counter\nenvoy_cluster_upstream_rq{envoy_cluster_name="a",envoy_response_code="200"} 1\n\n' +
      '# TYPE envoy_cluster_upstream_rq_total counter\nenvoy_cluster_upstream_rq_total{envoy_cluster_name="b"} 2\n\n' +
      '# TYPE envoy_cluster_upstream_cx_active gauge\nenvoy_cluster_upstream_cx_active{envoy_cluster_name="a"} 1\n\n',
  );
});

function withHistograms(): StatsStore {
  const s = new StatsStore();
  s.counter('cluster.a.upstream_rq_total').inc(4);
  const h = s.histogram('cluster.a.upstream_rq_time');
  for (const v of [1, 2, 3, 4]) h.record(v);
  s.histogram('http.ingress.downstream_rq_time');
  return s;
}

test('text: histograms follow counters, with an empty interval as nan and an unused one as No recorded values', () => {
  const s = withHistograms();
  assert.equal(
    renderText(s, {}),
    'cluster.a.upstream_rq_total: 4\n' +
      'cluster.a.upstream_rq_time: P0(nan,1) P25(nan,1) P50(nan,2) P75(nan,3) P90(nan,4) P95(nan,4) P99(nan,4) P99.5(nan,4) P99.9(nan,4) P100(nan,4)\n' +
      'http.ingress.downstream_rq_time: No recorded values\n',
  );
  s.histogram('cluster.a.upstream_rq_time').takeInterval();
  assert.match(renderText(s, {}), /^cluster\.a\.upstream_rq_time: P0\(1,1\) P25\(1,1\) P50\(2,2\) /m);
});

test('text: histogram_buckets=cumulative gives B<bound>(interval,cumulative); filter and usedonly apply', () => {
  const s = withHistograms();
  const text = renderText(s, { filter: /rq_time/, usedOnly: true, buckets: true });
  assert.equal(
    text,
    'cluster.a.upstream_rq_time: B0.5(0,0) B1(0,1) B5(0,4) B10(0,4) B25(0,4) B50(0,4) B100(0,4) B250(0,4) B500(0,4) B1000(0,4) B2500(0,4) ' +
      'B5000(0,4) B10000(0,4) B30000(0,4) B60000(0,4) B300000(0,4) B600000(0,4) B1800000(0,4) B3600000(0,4)\n',
  );
});

test('JSON: a final histograms element with supported and computed quantiles, null for an empty interval', () => {
  const s = withHistograms();
  const body = JSON.parse(renderJson(s, { filter: /^cluster/ })) as { stats: unknown[] };
  assert.deepEqual(body.stats[0], { name: 'cluster.a.upstream_rq_total', value: 4 });
  const last = body.stats.at(-1) as { histograms: { supported_quantiles: number[]; computed_quantiles: Array<{ name: string; values: Array<{ cumulative: number | null; interval: number | null }> }> } };
  assert.deepEqual(last.histograms.supported_quantiles, [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100]);
  assert.equal(last.histograms.computed_quantiles.length, 1);
  const q = last.histograms.computed_quantiles[0]!;
  assert.equal(q.name, 'cluster.a.upstream_rq_time');
  assert.deepEqual(q.values.slice(0, 3), [{ cumulative: 1, interval: null }, { cumulative: 1, interval: null }, { cumulative: 2, interval: null }]);
  assert.equal(q.values.length, 10);
});

test('prometheus: histograms last, as _bucket with le, _sum and _count, tagged like the counters', () => {
  const out = renderPrometheus(withHistograms(), { filter: /upstream_rq_time/ });
  const lines = out.split('\n');
  assert.equal(lines[0], '# TYPE envoy_cluster_upstream_rq_time histogram');
  assert.equal(lines[1], 'envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name="a",le="0.5"} 0');
  assert.equal(lines[2], 'envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name="a",le="1"} 1');
  assert.equal(lines[3], 'envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name="a",le="5"} 4');
  assert.equal(lines[19], 'envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name="a",le="3600000"} 4');
  assert.deepEqual(lines.slice(20), [
    'envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name="a",le="+Inf"} 4',
    'envoy_cluster_upstream_rq_time_sum{envoy_cluster_name="a"} 10',
    'envoy_cluster_upstream_rq_time_count{envoy_cluster_name="a"} 4',
    '',
    '',
  ]);
  const all = renderPrometheus(withHistograms(), {});
  assert.ok(all.indexOf('# TYPE envoy_cluster_upstream_rq_total counter') < all.indexOf('# TYPE envoy_cluster_upstream_rq_time histogram'));
  assert.match(all, /^envoy_http_downstream_rq_time_count\{envoy_http_conn_manager_prefix="ingress"\} 0$/m);
});

test('/reset_counters leaves histograms alone', () => {
  const s = withHistograms();
  s.resetCounters();
  assert.equal(s.value('cluster.a.upstream_rq_total'), 0);
  assert.equal(s.histogram('cluster.a.upstream_rq_time').cumulative().count, 4);
});
