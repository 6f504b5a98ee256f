import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convergence, mibPerProxy, xdsTableRow, type XdsMeasurement } from './xds-report.js';

test('convergence percentiles and max', () => {
  const xs = Array.from({ length: 1000 }, (_, i) => i + 1); // 1..1000 ms, shuffled order must not matter
  xs.reverse();
  assert.deepEqual(convergence(xs), { p50Ms: 500, p99Ms: 990, maxMs: 1000 });
  const none = convergence([]);
  assert.ok(Number.isNaN(none.p50Ms) && Number.isNaN(none.maxMs));
});

test('control-plane memory per connected proxy', () => {
  assert.equal(mibPerProxy({ clients: 1000, rssIdleMiB: 80, rssConnectedMiB: 230 }), 0.15);
  assert.ok(Number.isNaN(mibPerProxy({ clients: 0, rssIdleMiB: 80, rssConnectedMiB: 80 })));
});

const m = (over: Partial<XdsMeasurement>): XdsMeasurement => ({
  clients: 1000, nodes: 100, connectAllMs: 2500, convergenceMs: [10, 20, 30], failed: 0,
  rssIdleMiB: 80, rssConnectedMiB: 180, peakRssMiB: 200, cpuConnectS: 3.5, cpuUpdateS: 0.25, simulatorCpuUpdateS: 0.02, ...over,
});

test('table rows check the 1,000-proxy convergence target and the memory target', () => {
  const ok = xdsTableRow({ kind: 'measured', m: m({}) });
  assert.deepEqual(ok.slice(0, 7), ['1000', '100', '2.50', '20.0', '30.0', '30.0', '0']);
  assert.equal(ok.at(-1), 'met p99 30.0 ms (≤ 100 ms at 1,000); met 0.100 MB/proxy (≤ 0.2)');
  const slow = xdsTableRow({ kind: 'measured', m: m({ convergenceMs: [50, 150], rssConnectedMiB: 380 }) });
  assert.equal(slow.at(-1), 'MISSED p99 150.0 ms (≤ 100 ms at 1,000); MISSED 0.300 MB/proxy (≤ 0.2)');
  const failures = xdsTableRow({ kind: 'measured', m: m({ failed: 3 }) });
  assert.match(failures.at(-1) ?? '', /^MISSED p99 30\.0 ms/);
  const other = xdsTableRow({ kind: 'measured', m: m({ clients: 100 }) });
  assert.equal(other.at(-1), 'MISSED 1.000 MB/proxy (≤ 0.2)');
  assert.deepEqual(xdsTableRow({ kind: 'skipped', clients: 100, reason: 'no xDS' }).at(-1), 'not yet measurable: no xDS');
});
