/** The per-cluster stats the request path bumps, created once per cluster with Envoy's names. */
import type { Histogram } from '../stats/histogram.js';
import type { Stat, StatsStore } from '../stats/store.js';

const COUNTERS = [
  'upstream_rq_total', 'upstream_rq_completed', 'upstream_rq_1xx', 'upstream_rq_2xx', 'upstream_rq_3xx', 'upstream_rq_4xx', 'upstream_rq_5xx',
  'upstream_rq_timeout', 'upstream_rq_per_try_timeout', 'upstream_rq_rx_reset', 'upstream_rq_tx_reset', 'upstream_rq_retry',
  'upstream_rq_retry_success', 'upstream_rq_retry_overflow', 'upstream_rq_retry_limit_exceeded', 'upstream_rq_pending_overflow',
  'upstream_rq_cancelled', 'upstream_cx_total', 'upstream_cx_connect_fail', 'upstream_cx_connect_timeout', 'upstream_cx_http1_total',
  'upstream_cx_http2_total', 'upstream_cx_overflow', 'upstream_cx_none_healthy', 'upstream_cx_destroy', 'upstream_cx_rx_bytes_total',
  'upstream_cx_tx_bytes_total', 'membership_change', 'update_attempt', 'update_success', 'update_empty',
  'health_check.attempt', 'health_check.success', 'health_check.failure', 'health_check.network_failure',
  'outlier_detection.ejections_enforced_total', 'outlier_detection.ejections_overflow',
  'outlier_detection.ejections_enforced_consecutive_5xx', 'outlier_detection.ejections_detected_consecutive_5xx',
  'outlier_detection.ejections_enforced_consecutive_gateway_failure', 'outlier_detection.ejections_detected_consecutive_gateway_failure',
] as const;

const GAUGES = [
  'upstream_rq_active', 'upstream_rq_pending_active', 'upstream_cx_active', 'membership_healthy', 'membership_total', 'membership_degraded',
  'membership_excluded', 'health_check.healthy', 'outlier_detection.ejections_active', 'circuit_breakers.default.cx_open',
  'circuit_breakers.default.rq_open', 'circuit_breakers.default.rq_pending_open', 'circuit_breakers.default.rq_retry_open',
] as const;

export type ClusterStatName = (typeof COUNTERS)[number] | (typeof GAUGES)[number];
export type ClusterStats = { readonly [K in ClusterStatName]: Stat };

export function createClusterStats(store: StatsStore, cluster: string): ClusterStats {
  const out: Partial<Record<ClusterStatName, Stat>> = {};
  for (const n of COUNTERS) out[n] = store.counter(`cluster.${cluster}.${n}`);
  for (const n of GAUGES) out[n] = store.gauge(`cluster.${cluster}.${n}`);
  return out as ClusterStats;
}


/** Per-cluster histograms (ms): try start → response head, connect time, connection lifetime. */
export interface ClusterHistograms {
  readonly upstream_rq_time: Histogram;
  readonly upstream_cx_connect_ms: Histogram;
  readonly upstream_cx_length_ms: Histogram;
}

export function createClusterHistograms(store: StatsStore, cluster: string): ClusterHistograms {
  return {
    upstream_rq_time: store.histogram(`cluster.${cluster}.upstream_rq_time`),
    upstream_cx_connect_ms: store.histogram(`cluster.${cluster}.upstream_cx_connect_ms`),
    upstream_cx_length_ms: store.histogram(`cluster.${cluster}.upstream_cx_length_ms`),
  };
}
