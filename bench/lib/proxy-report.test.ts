import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RoundRun } from './load-result.js';
import { checkTargets, cpuPer1k, erroredLoads, pairedMedian, ratios, summarize, type RowOutcome } from './proxy-report.js';
import { proxyTableRows } from './proxy-table.js';
import { markdownTable, textTable } from './table.js';

const run = (rps: number, p99Ms: number, extra: Partial<RoundRun> = {}): RoundRun => ({
  round: 1, tool: 'wrk', requests: rps * 10, durationS: 10, rps, p50Ms: p99Ms / 4, p90Ms: p99Ms / 2, p99Ms, errors: 0, ...extra,
});

test('summarize takes the median of each figure and totals requests and errors', () => {
  const s = summarize([run(100, 3), run(300, 1, { errors: 2 }), run(200, 2)]);
  assert.deepEqual(s, { rps: 200, p50Ms: 0.5, p90Ms: 1, p99Ms: 2, requests: 6000, errors: 2 });
});

test('CPU seconds per 1,000 requests', () => {
  assert.equal(cpuPer1k(1.5, 15_000), 0.1);
  assert.ok(Number.isNaN(cpuPer1k(1, 0)));
});

test('ratios to the direct and HAProxy rows', () => {
  const direct = [run(40_000, 1)];
  const haproxy = { runs: [run(20_000, 2)], cost: { cpuSPer1kReq: 0.05, peakRssMiB: 6, peakPrivateMiB: 3 } };
  const two = ratios({ runs: [run(10_000, 4)], hops: 2, cost: { cpuSPer1kReq: 0.4, peakRssMiB: 60, peakPrivateMiB: 30 } }, direct, haproxy);
  assert.deepEqual(two, { rpsVsDirect: 0.25, rpsVsHaproxy: 0.5, p99AddedPerHopMs: 1.5, cpuVsHaproxy: 8, rssVsHaproxy: 10 });
  const noPeers = ratios({ runs: direct, hops: 0, cost: undefined }, undefined, undefined);
  assert.ok(Object.values(noPeers).every(Number.isNaN));
});

test('req/s and p99 ratios pair each run with the peer\'s run of the same round and take the median', () => {
  // The machine slows down from round to round: every row is slower in round 2 and slower still in round 3.
  const mesh = [run(16_000, 5, { round: 1 }), run(9_000, 9, { round: 2 }), run(4_000, 20, { round: 3 }), run(7_000, 8, { round: 4 })];
  const haproxy = { runs: [run(20_000, 2, { round: 1 }), run(10_000, 3, { round: 2 }), run(5_000, 4, { round: 3 })], cost: undefined };
  const direct = [run(40_000, 1, { round: 1 }), run(30_000, 3, { round: 2 }), run(20_000, 8, { round: 3 })];
  const r = ratios({ runs: mesh, hops: 2, cost: undefined }, direct, haproxy);
  // Per round ×HAProxy: 0.8, 0.9, 0.8 (round 4 has no HAProxy run) → 0.8; the ratio of the medians would say 0.9 (or 0.8 with round 4).
  assert.equal(r.rpsVsHaproxy, 0.8);
  assert.equal(r.rpsVsDirect, 0.3);
  // Per round p99 added per hop: (5 − 1) / 2, (9 − 3) / 2, (20 − 8) / 2 → 3.
  assert.equal(r.p99AddedPerHopMs, 3);
  assert.equal(pairedMedian(mesh, [run(1, 1, { round: 9 })], (a, b) => a.rps / b.rps), Number.NaN);
  assert.equal(pairedMedian(mesh, undefined, (a, b) => a.rps / b.rps), Number.NaN);
});

test('targets: throughput at saturation for one hop; latency and CPU per proxy at the fixed load; RSS always', () => {
  const r = { rpsVsDirect: 0.5, rpsVsHaproxy: 0.79, p99AddedPerHopMs: 0.5, cpuVsHaproxy: 2, rssVsHaproxy: 5 };
  const sat = checkTargets('saturation', 1, r, { cpuSPer1kReq: 0.3, peakRssMiB: 50, peakPrivateMiB: 25 });
  assert.deepEqual(sat.map((c) => [c.name, c.met]), [['throughput', false], ['peak RSS per proxy', true]]);
  const fixedTwoHops = checkTargets('fixed', 2, r, { cpuSPer1kReq: 0.2, peakRssMiB: 50.5, peakPrivateMiB: 25.25 });
  assert.deepEqual(fixedTwoHops.map((c) => [c.name, c.met, c.measured]), [
    ['p99 per hop', true, '+0.50 ms'], ['vCPU per 1k rps per proxy', true, '0.100'], ['peak RSS per proxy', false, '50.5 MB'],
  ]);
});

test('a target whose figure needs a peer row that was not measured in the same rounds is not judged', () => {
  const r = ratios({ runs: [run(16_000, 3)], hops: 1, cost: undefined }, undefined, undefined);
  assert.deepEqual(checkTargets('saturation', 1, r, undefined).map((c) => [c.name, c.met, c.measured]), [['throughput', undefined, '–×']]);
  const rows = proxyTableRows('fixed', [{ kind: 'measured', row: 'meshwork', hops: 1, load: 'fixed', runs: [run(1000, 2, { round: 2 })], cost: undefined },
    { kind: 'measured', row: 'direct', hops: 0, load: 'fixed', runs: [run(1000, 1, { round: 1 })], cost: undefined }], { targetRows: new Set(['meshwork']), directRow: 'direct', haproxyRow: 'haproxy' });
  assert.equal(rows[0]!.at(-1), 'not judged p99 per hop +– ms (≤ +0.5 ms)');
});

test('the p99 target is not judged when HAProxy itself adds more than the target in the same rounds', () => {
  const r = { rpsVsDirect: 1, rpsVsHaproxy: 1, p99AddedPerHopMs: 0.4, cpuVsHaproxy: 2, rssVsHaproxy: 5 };
  const [calm] = checkTargets('fixed', 1, r, undefined, { haproxyP99AddedPerHopMs: 0.1 });
  assert.deepEqual([calm!.met, calm!.why], [true, undefined]);
  const [contended] = checkTargets('fixed', 1, r, undefined, { haproxyP99AddedPerHopMs: 2.05 });
  assert.deepEqual([contended!.met, contended!.why], [undefined, "HAProxy itself adds +2.05 ms in the same rounds: the machine's tail, not the proxy's"]);
  const fixed = (row: string, hops: number, p99: number): RowOutcome => ({ kind: 'measured', row, hops, load: 'fixed', runs: [run(1000, p99, { round: 1 })], cost: undefined });
  const rows = proxyTableRows('fixed', [fixed('direct', 0, 1), fixed('haproxy', 1, 4), fixed('meshwork', 1, 3.5)], { targetRows: new Set(['meshwork']), directRow: 'direct', haproxyRow: 'haproxy' });
  assert.equal(rows[2]!.at(-1), "not judged p99 per hop +2.50 ms (≤ +0.5 ms; HAProxy itself adds +3.00 ms in the same rounds: the machine's tail, not the proxy's)");
});

test('table rows: measured rows carry ratios, others say why they have no figures', () => {
  const rows = proxyTableRows('saturation', [
    { kind: 'measured', row: 'direct', hops: 0, load: 'saturation', runs: [run(40_000, 1)], cost: undefined },
    { kind: 'measured', row: 'haproxy', hops: 1, load: 'saturation', runs: [run(20_000, 2)], cost: { cpuSPer1kReq: 0.05, peakRssMiB: 6, peakPrivateMiB: 3 } },
    { kind: 'measured', row: 'meshwork', hops: 1, load: 'saturation', runs: [run(16_000, 3)], cost: { cpuSPer1kReq: 0.2, peakRssMiB: 48, peakPrivateMiB: 24 } },
    { kind: 'skipped', row: 'meshwork-2', hops: 2, load: 'saturation', reason: 'no proxy' },
    { kind: 'measured', row: 'other-load', hops: 1, load: 'fixed', runs: [run(1000, 2)], cost: undefined },
  ], { targetRows: new Set(['meshwork']), directRow: 'direct', haproxyRow: 'haproxy' });
  assert.equal(rows.length, 4);
  assert.deepEqual(rows[2]!.slice(7), ['48.0', '24.0', '0.40', '0.80', '2.00', '4.00', '8.00', 'met throughput 0.80× (≥ 0.8× HAProxy); met peak RSS per proxy 48.0 MB (≤ 50 MB)']);
  assert.deepEqual(rows[0]!.slice(9, 12), ['1.00', '2.00', '–']);
  assert.deepEqual(rows[3], ['meshwork-2', ...Array<string>(13).fill('–'), 'not yet measurable: no proxy']);
});

test('text and Markdown tables', () => {
  assert.equal(textTable(['row', 'n'], [['a', '1'], ['long', '22']]), 'row    n\n----  --\na      1\nlong  22');
  assert.equal(markdownTable(['row', 'n'], [['a', '1']]), '| row | n |\n| --- | ---: |\n| a | 1 |');
});

test('loads with non-2xx responses or socket errors are listed and marked in the table', () => {
  const outcomes = [
    { kind: 'measured', row: 'haproxy', hops: 1, load: 'saturation', runs: [run(20_000, 2)], cost: undefined },
    { kind: 'measured', row: 'meshwork-1hop', hops: 1, load: 'saturation', runs: [run(10_000, 4), run(10_000, 4, { errors: 7 })], cost: undefined },
    { kind: 'failed', row: 'meshwork-2hop', hops: 2, load: 'saturation', reason: 'x' },
  ] as const;
  assert.deepEqual(erroredLoads(outcomes), [{ row: 'meshwork-1hop', load: 'saturation', errors: 7, requests: 200_000 }]);
  const rows = proxyTableRows('saturation', outcomes, { targetRows: new Set(), directRow: 'direct', haproxyRow: 'haproxy' });
  assert.equal(rows[0]!.at(-1), '');
  assert.equal(rows[1]!.at(-1), 'NOT VALID: 7 non-2xx/3xx responses or socket errors');
});
