/**
 * A latency histogram of whole milliseconds, as Envoy keeps `upstream_rq_time` and friends. Recording is
 * O(1) and allocates nothing: a value goes into one of 896 fixed log-linear buckets of a Uint32Array
 * (exact below 32 ms, then 32 buckets per power of two, so a bucket is at most 1/32 ≈ 3% wide).
 *
 * Two sets of buckets are kept: cumulative (since the proxy started; /reset_counters leaves it, as
 * Envoy does) and interval (since the previous `takeInterval()`, which a /stats read calls, standing in
 * for Envoy's periodic stats flush).
 */

const LINEAR = 32;
const SUB_BITS = 5;
export const BUCKETS = LINEAR + (31 - SUB_BITS + 1) * LINEAR;
const MAX = 0xffffffff;

/** Envoy's supported quantiles (percent) and default bucket bounds (ms). */
export const SUPPORTED_QUANTILES = [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100] as const;
export const DEFAULT_BOUNDS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000] as const;

/** The bucket a whole-millisecond value falls in. */
export function bucketOf(v: number): number {
  if (v < LINEAR) return v;
  const e = 31 - Math.clz32(v);
  return LINEAR + ((e - SUB_BITS) << SUB_BITS) + ((v >>> (e - SUB_BITS)) & (LINEAR - 1));
}

/** Smallest value of bucket `i`. */
function lowerOf(i: number): number {
  if (i < LINEAR) return i;
  const shift = (i - LINEAR) >>> SUB_BITS;
  return (LINEAR + (i & (LINEAR - 1))) * 2 ** shift;
}

/** How many whole values bucket `i` holds. */
function widthOf(i: number): number {
  return i < LINEAR ? 1 : 2 ** ((i - LINEAR) >>> SUB_BITS);
}

/** A read-only set of bucket counts with its sum; the pure part that quantiles and bucket bounds come from. */
export class BucketCounts {
  constructor(readonly counts: Uint32Array, readonly count: number, readonly sum: number) {}

  /** Quantile `q` in [0, 1], interpolated within its bucket; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = q * this.count;
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      const n = this.counts[i]!;
      if (n === 0) continue;
      if (seen + n >= rank) return lowerOf(i) + (widthOf(i) - 1) * Math.max(0, (rank - seen) / n);
      seen += n;
    }
    return NaN;
  }

  quantiles(): number[] {
    return SUPPORTED_QUANTILES.map((p) => this.quantile(p / 100));
  }

  /** For each bound, how many values were ≤ it (a bucket counts once all its values are ≤ the bound). */
  countsAtOrBelow(bounds: readonly number[]): number[] {
    const out: number[] = [];
    let i = 0;
    let seen = 0;
    for (const b of bounds) {
      while (i < BUCKETS && lowerOf(i) + widthOf(i) - 1 <= b) seen += this.counts[i++]!;
      out.push(seen);
    }
    return out;
  }
}

export class Histogram {
  readonly #cumulative = new Uint32Array(BUCKETS);
  #interval: Uint32Array = new Uint32Array(BUCKETS);
  #count = 0;
  #sum = 0;
  #intervalCount = 0;
  #intervalSum = 0;
  #lastInterval = new BucketCounts(new Uint32Array(BUCKETS), 0, 0);

  constructor(readonly name: string) {}

  /** Records one value in milliseconds (fractions are dropped, negatives count as 0). */
  record(ms: number): void {
    const v = ms >= MAX ? MAX : ms > 0 ? ms >>> 0 : 0;
    const b = bucketOf(v);
    this.#cumulative[b]!++;
    this.#interval[b]!++;
    this.#count++;
    this.#sum += v;
    this.#intervalCount++;
    this.#intervalSum += v;
  }

  /** Whether anything was ever recorded (Envoy's "used"). */
  get used(): boolean {
    return this.#count > 0;
  }

  cumulative(): BucketCounts {
    return new BucketCounts(this.#cumulative, this.#count, this.#sum);
  }

  /** The interval that ended at the last `takeInterval()`. */
  interval(): BucketCounts {
    return this.#lastInterval;
  }

  /** Ends the current interval: it becomes `interval()`, and a new one starts empty. */
  takeInterval(): void {
    const ended = this.#interval;
    this.#lastInterval.counts.fill(0);
    this.#interval = this.#lastInterval.counts;
    this.#lastInterval = new BucketCounts(ended, this.#intervalCount, this.#intervalSum);
    this.#intervalCount = 0;
    this.#intervalSum = 0;
  }
}
