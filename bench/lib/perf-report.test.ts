import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPerf, groupRecordings } from './perf-report.js';
import type { PerfRecording } from './perf-record.js';
import type { PerfSummary } from './perf-summary.js';

const recording = (binary: string): PerfRecording => ({ row: 'meshwork-1hop', load: 'saturation', round: 1, process: 'consumer', pids: [7], file: 'out/perf/r/meshwork-1hop/saturation-consumer-r1.data', binary });
const summary: PerfSummary = {
  samples: 200,
  byPlace: { kernel: 100, binary: 60, jit: 30, libc: 10, other: 0 },
  userSamples: 100,
  top: [{ name: 'scanFields', where: 'dist/src/proxy/http/h1-head-parser.js:107:27', samples: 40 }],
  noMeshworkFrame: 60,
};

test('a recording prints its split by place, then the Meshwork functions and the rest of user space', () => {
  assert.equal(
    formatPerf({ kind: 'summary', recordings: [recording('/usr/bin/node')], summary }),
    [
      'meshwork-1hop saturation consumer, round 1 (out/perf/r/meshwork-1hop/saturation-consumer-r1.data): 200 samples (kernel 50.0%, node 30.0%, JIT 15.0%, libc 5.0%, other 0.0%)',
      'of all  of user  samples  user-space samples charged to                                         where',
      '------  -------  -------  -----------------------------  --------------------------------------------',
      '20.0%     40.0%       40                     scanFields  dist/src/proxy/http/h1-head-parser.js:107:27',
      '30.0%     60.0%       60            (no Meshwork frame)      event loop, stream reads, GC, microtasks',
    ].join('\n'),
  );
});

test('a peer prints its split only; a recording perf script could not read says why', () => {
  const peer = formatPerf({ kind: 'summary', recordings: [recording('/usr/sbin/haproxy')], summary: { ...summary, top: [] } });
  assert.match(peer, /^[^\n]*: 200 samples \(kernel 50\.0%, haproxy 30\.0%, JIT 15\.0%, libc 5\.0%, other 0\.0%\)$/);
  assert.equal(formatPerf({ kind: 'failed', recordings: [recording('/usr/bin/node')], reason: 'perf script ended with 1' }), 'meshwork-1hop saturation consumer, round 1 (out/perf/r/meshwork-1hop/saturation-consumer-r1.data): not summarised: perf script ended with 1');
});

test('the recordings of one row × load × process, one per round, are summarised together', () => {
  const r = (load: string, process: string, round: number): PerfRecording => ({ ...recording('/usr/bin/node'), load, process, round, file: `out/${load}-${process}-r${round}.data` });
  const groups = groupRecordings([r('saturation', 'consumer', 1), r('fixed', 'consumer', 1), r('saturation', 'app', 1), r('saturation', 'consumer', 2), r('fixed', 'consumer', 2)]);
  assert.deepEqual(groups.map((g) => g.map((x) => `${x.load} ${x.process} ${x.round}`)), [
    ['saturation consumer 1', 'saturation consumer 2'], ['fixed consumer 1', 'fixed consumer 2'], ['saturation app 1'],
  ]);
  assert.equal(formatPerf({ kind: 'failed', recordings: groups[0]!, reason: 'x' }), 'meshwork-1hop saturation consumer, rounds 1, 2 (out/saturation-consumer-r*.data): not summarised: x');
});
