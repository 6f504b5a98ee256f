/** Stats of one HTTP connection manager (`http.<stat_prefix>.`), created once per prefix. */
import type { Histogram } from '../stats/histogram.js';
import type { Stat, StatsStore } from '../stats/store.js';

const NAMES = [
  'downstream_rq_total', 'downstream_rq_http1_total', 'downstream_rq_http2_total', 'downstream_rq_completed', 'downstream_rq_1xx',
  'downstream_rq_2xx', 'downstream_rq_3xx', 'downstream_rq_4xx', 'downstream_rq_5xx', 'downstream_rq_timeout', 'downstream_rq_rx_reset',
  'downstream_rq_too_large', 'downstream_cx_total', 'downstream_cx_http1_total', 'downstream_cx_http2_total', 'downstream_cx_protocol_error',
  'downstream_cx_destroy', 'no_route', 'no_cluster', 'rq_direct_response', 'downstream_cx_upgrades_total',
] as const;

export type HcmStats = { readonly [K in (typeof NAMES)[number] | 'downstream_rq_active' | 'downstream_cx_active' | 'downstream_cx_upgrades_active']: Stat } & {
  /** Downstream request start → response complete (ms). */
  readonly downstream_rq_time: Histogram;
  readonly downstream_cx_length_ms: Histogram;
};

export function createHcmStats(store: StatsStore, prefix: string): HcmStats {
  const out: Record<string, Stat | Histogram> = {};
  for (const n of NAMES) out[n] = store.counter(`http.${prefix}.${n}`);
  for (const n of ['downstream_rq_active', 'downstream_cx_active', 'downstream_cx_upgrades_active']) out[n] = store.gauge(`http.${prefix}.${n}`);
  for (const n of ['downstream_rq_time', 'downstream_cx_length_ms']) out[n] = store.histogram(`http.${prefix}.${n}`);
  return out as HcmStats;
}

export function countDownstreamStatus(s: HcmStats, status: number): void {
  s.downstream_rq_completed.inc();
  const cls = (status / 100) | 0;
  (cls === 2 ? s.downstream_rq_2xx : cls === 5 ? s.downstream_rq_5xx : cls === 4 ? s.downstream_rq_4xx : cls === 3 ? s.downstream_rq_3xx : s.downstream_rq_1xx).inc();
}
