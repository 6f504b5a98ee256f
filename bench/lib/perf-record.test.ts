import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from './installer.js';
import { PinnedProcess } from './launcher.js';
import { PerfSampler } from './perf-record.js';
import { summarizeRecordings } from './perf-report.js';

/** A running process that spins (a stand-in for a busy proxy) and a temporary directory, both removed after `t`. */
async function spinnerAndDir(t: TestContext): Promise<{ proc: PinnedProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'perf-record-'));
  const proc = new PinnedProcess({ name: 'spinner', command: process.execPath, args: ['-e', 'const end = Date.now() + 20000; while (Date.now() < end);'], ready: async () => true });
  t.after(() => {
    proc.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  await proc.start();
  return { proc, dir };
}

test('a perf that cannot start is a failure message naming the recording, not an exception', async (t) => {
  const { proc, dir } = await spinnerAndDir(t);
  const lines: string[] = [];
  const sampler = new PerfSampler({ perf: join(dir, 'no-such-perf'), freq: 99, dir, cpu: 0, log: (l) => lines.push(l) });
  const stop = await sampler.start('row-a', 'saturation', 1, [proc]);
  await stop();
  assert.deepEqual(sampler.recordings, []);
  assert.equal(sampler.failures.length, 1);
  assert.match(sampler.failures[0]!, /^perf record of row-a saturation round 1 spinner failed: perf exited at start \(\d+\): .*no-such-perf/);
  assert.deepEqual(lines, sampler.failures);
});

test('perf records a running process until stopped, names its executable, and perf script reads the recording', { skip: process.getuid?.() !== 0 || findExecutable('perf') === undefined ? 'needs perf, as root' : false }, async (t) => {
  const { proc, dir } = await spinnerAndDir(t);
  const sampler = new PerfSampler({ perf: findExecutable('perf')!, freq: 99, dir, cpu: 0, log: () => {} });
  const stop = await sampler.start('row-a', 'fixed', 2, [proc]);
  await stop();
  assert.deepEqual(sampler.failures, []);
  assert.equal(sampler.recordings.length, 1);
  const r = sampler.recordings[0]!;
  assert.deepEqual({ row: r.row, load: r.load, round: r.round, process: r.process, pids: r.pids, file: r.file }, { row: 'row-a', load: 'fixed', round: 2, process: 'spinner', pids: [proc.pid], file: join(dir, 'row-a', 'fixed-spinner-r2.data') });
  assert.match(r.binary, /\/node$/);
  assert.ok(statSync(r.file).size > 0);
  const read = await summarizeRecordings(findExecutable('perf')!, [r], 15);
  assert.equal(read.kind, 'summary', read.kind === 'failed' ? read.reason : '');
});
