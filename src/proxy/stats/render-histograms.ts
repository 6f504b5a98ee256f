/**
 * Histogram lines of /stats in Envoy's three forms: text quantiles (`P0(interval,cumulative) …`) or
 * cumulative buckets (`B0.5(i,c) …`), the JSON `histograms` element, and Prometheus `_bucket`/`_sum`/`_count`.
 */
import { DEFAULT_BOUNDS, SUPPORTED_QUANTILES, type Histogram } from './histogram.js';

/** Envoy prints an empty interval as `nan`; values are shown to 1/1000 ms. */
function num(v: number): string {
  return Number.isNaN(v) ? 'nan' : String(Math.round(v * 1000) / 1000);
}

export function histogramText(h: Histogram, buckets: boolean): string {
  if (!h.used) return `${h.name}: No recorded values`;
  const c = h.cumulative();
  const i = h.interval();
  if (buckets) {
    const ic = i.countsAtOrBelow(DEFAULT_BOUNDS);
    const cc = c.countsAtOrBelow(DEFAULT_BOUNDS);
    return `${h.name}: ${DEFAULT_BOUNDS.map((b, k) => `B${b}(${ic[k]},${cc[k]})`).join(' ')}`;
  }
  const iq = i.quantiles();
  const cq = c.quantiles();
  return `${h.name}: ${SUPPORTED_QUANTILES.map((p, k) => `P${p}(${num(iq[k]!)},${num(cq[k]!)})`).join(' ')}`;
}

export interface ComputedQuantiles {
  readonly name: string;
  readonly values: Array<{ cumulative: number | null; interval: number | null }>;
}

export interface HistogramsElement {
  readonly histograms: { supported_quantiles: number[]; computed_quantiles: ComputedQuantiles[] };
}

function orNull(v: number): number | null {
  return Number.isNaN(v) ? null : Math.round(v * 1000) / 1000;
}

export function histogramsJson(hs: readonly Histogram[]): HistogramsElement {
  const computed_quantiles = hs.map((h) => {
    const cq = h.cumulative().quantiles();
    const iq = h.interval().quantiles();
    return { name: h.name, values: cq.map((c, k) => ({ cumulative: orNull(c), interval: orNull(iq[k]!) })) };
  });
  return { histograms: { supported_quantiles: [...SUPPORTED_QUANTILES], computed_quantiles } };
}

/** The sample lines of one histogram under its Prometheus metric name, `labels` already rendered (`k="v"`). */
export function histogramPrometheus(metric: string, labels: string[], h: Histogram): string[] {
  const c = h.cumulative();
  const counts = c.countsAtOrBelow(DEFAULT_BOUNDS);
  const tags = (extra?: string) => {
    const all = extra === undefined ? labels : [...labels, extra];
    return all.length === 0 ? '' : `{${all.join(',')}}`;
  };
  const lines = DEFAULT_BOUNDS.map((b, k) => `${metric}_bucket${tags(`le="${b}"`)} ${counts[k]}`);
  lines.push(`${metric}_bucket${tags('le="+Inf"')} ${c.count}`, `${metric}_sum${tags()} ${c.sum}`, `${metric}_count${tags()} ${c.count}`);
  return lines;
}
