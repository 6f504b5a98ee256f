/**
 * Small numeric helpers shared by the benchmarks: median, nearest-rank percentiles and unit parsing.
 * Pure; every function is table-tested in summary.test.ts.
 */

/** Median of a non-empty list (mean of the middle two for even lengths). NaN for an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Nearest-rank percentile (p in 0..100) of an ascending-sorted list: the smallest value such that at
 * least p% of the values are ≤ it. NaN for an empty list.
 */
export function percentileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { us: 0.001, 'µs': 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** wrk-style duration (`791.00us`, `2.63ms`, `1.02s`, `1.00m`) to milliseconds; undefined if unreadable. */
export function parseDurationMs(text: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(us|µs|ms|s|m|h)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * DURATION_UNITS[m[2]!]!;
}

const COUNT_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9 };

/** wrk-style count (`26.92k`, `1.2M`, `812`) to a number; undefined if unreadable. */
export function parseCount(text: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)([kKMG]?)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * COUNT_UNITS[m[2]!]!;
}
