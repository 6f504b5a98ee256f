import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUCKETS, bucketOf, DEFAULT_BOUNDS, Histogram } from './histogram.js';

test('an empty histogram is unused and its quantiles are NaN', () => {
  const h = new Histogram('x');
  assert.equal(h.used, false);
  assert.ok(h.cumulative().quantiles().every(Number.isNaN));
  assert.deepEqual(h.cumulative().countsAtOrBelow(DEFAULT_BOUNDS), DEFAULT_BOUNDS.map(() => 0));
});

test('values below 32 ms are exact: 1..20 give P0 1, P50 10, P100 20', () => {
  const h = new Histogram('x');
  for (let v = 1; v <= 20; v++) h.record(v);
  const c = h.cumulative();
  assert.equal(c.count, 20);
  assert.equal(c.sum, 210);
  assert.equal(c.quantile(0), 1);
  assert.equal(c.quantile(0.5), 10);
  assert.equal(c.quantile(0.9), 18);
  assert.equal(c.quantile(1), 20);
});

test('quantiles of 1..10000 ms lie within the 1/32 bucket resolution', () => {
  const h = new Histogram('x');
  for (let v = 1; v <= 10_000; v++) h.record(v);
  const c = h.cumulative();
  for (const q of [0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999]) {
    const want = q * 10_000;
    const got = c.quantile(q);
    assert.ok(Math.abs(got - want) <= want / 32, `P${q * 100}: ${got}, want ${want} ± 3%`);
  }
  assert.equal(c.quantile(0), 1);
  assert.ok(c.quantile(1) >= 10_000 && c.quantile(1) <= 10_000 * (1 + 1 / 32));
});

test("counts at or below Envoy's bounds", () => {
  const h = new Histogram('x');
  for (const v of [0, 0.7, 1, 3, 7, 40, 99, 100, 101, 5000, 4_000_000]) h.record(v);
  const counts = h.cumulative().countsAtOrBelow(DEFAULT_BOUNDS);
  // 0 and 0.7 (fractions are dropped) are ≤ 0.5; then 1; ≤5: 3; ≤10: 7; ≤50: 40; ≤100: 99, but 100 shares
  // the bucket 100-101 with 101, which counts from the next bound on (a count is exact to one bucket).
  assert.deepEqual(counts.slice(0, 10), [2, 3, 4, 5, 5, 6, 7, 9, 9, 9]);
  assert.equal(counts[DEFAULT_BOUNDS.indexOf(2500)], 9);
  assert.equal(counts[DEFAULT_BOUNDS.indexOf(10000)], 10, '5000 sits in the bucket 4992-5119');
  assert.equal(counts.at(-1), 10, '4,000,000 is above the last bound');
  assert.equal(h.cumulative().count, 11);
});

test('huge and negative values land in the last and first buckets', () => {
  assert.equal(bucketOf(0xffffffff), BUCKETS - 1);
  const h = new Histogram('x');
  h.record(-5);
  h.record(1e12);
  assert.equal(h.cumulative().quantile(0), 0);
  assert.ok(h.cumulative().quantile(1) >= 0xffffffff * 0.96);
});

test('bucket indexes rise with the value and never leave the array', () => {
  let prev = -1;
  for (let v = 0; v < 1 << 20; v += 1 + (v >> 6)) {
    const b = bucketOf(v);
    assert.ok(b >= prev && b < BUCKETS, `value ${v} → bucket ${b}`);
    prev = b;
  }
});

test('the interval holds what was recorded between two takeInterval() calls; cumulative holds everything', () => {
  const h = new Histogram('x');
  h.record(5);
  h.takeInterval();
  assert.equal(h.interval().count, 1);
  assert.equal(h.interval().quantile(0.5), 5);
  h.record(9);
  h.record(9);
  assert.equal(h.interval().count, 1, 'the shown interval does not change until it is taken');
  h.takeInterval();
  assert.equal(h.interval().count, 2);
  assert.equal(h.interval().quantile(0), 9);
  h.takeInterval();
  assert.equal(h.interval().count, 0);
  assert.ok(Number.isNaN(h.interval().quantile(0.5)));
  assert.equal(h.cumulative().count, 3);
  assert.equal(h.cumulative().quantile(0), 5);
});
