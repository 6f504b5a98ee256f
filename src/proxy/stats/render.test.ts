import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractTags, renderPrometheus, renderText } from './render.js';
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
  assert.equal(renderText(s, undefined), 'cluster.a.upstream_cx_active: 1\ncluster.a.upstream_rq_200: 1\ncluster.b.upstream_rq_total: 2\n');
  assert.equal(
    renderPrometheus(s, undefined),
    '# TYPE envoy_cluster_upstream_rq counter\nenvoy_cluster_upstream_rq{envoy_cluster_name="a",envoy_response_code="200"} 1\n\n' +
      '# TYPE envoy_cluster_upstream_rq_total counter\nenvoy_cluster_upstream_rq_total{envoy_cluster_name="b"} 2\n\n' +
      '# TYPE envoy_cluster_upstream_cx_active gauge\nenvoy_cluster_upstream_cx_active{envoy_cluster_name="a"} 1\n\n',
  );
});
