import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, parseCount, parseDurationMs, percentileSorted } from './summary.js';

test('median of odd, even, unsorted and empty lists', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
  assert.ok(Number.isNaN(median([])));
});

test('nearest-rank percentiles', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  const cases: Array<[number, number]> = [[50, 50], [90, 90], [99, 99], [100, 100], [0, 1], [99.9, 100]];
  for (const [p, want] of cases) assert.equal(percentileSorted(xs, p), want, `p${p}`);
  assert.equal(percentileSorted([5], 99), 5);
  assert.ok(Number.isNaN(percentileSorted([], 50)));
});

test('wrk durations to milliseconds', () => {
  const cases: Array<[string, number | undefined]> = [
    ['791.00us', 0.791], ['2.63ms', 2.63], ['1.02s', 1020], ['1.00m', 60_000], ['12ms', 12], ['abc', undefined], ['1.2 ms', undefined],
  ];
  for (const [text, want] of cases) {
    const got = parseDurationMs(text);
    if (want === undefined) assert.equal(got, undefined, text);
    else assert.ok(got !== undefined && Math.abs(got - want) < 1e-9, `${text} → ${got}`);
  }
});

test('wrk counts with k/M suffixes', () => {
  const cases: Array<[string, number | undefined]> = [['26.92k', 26_920], ['1.5M', 1_500_000], ['812', 812], ['x1', undefined]];
  for (const [text, want] of cases) {
    const got = parseCount(text);
    if (want === undefined) assert.equal(got, undefined, text);
    else assert.ok(got !== undefined && Math.abs(got - want) < 1e-6, `${text} → ${got}`);
  }
});
