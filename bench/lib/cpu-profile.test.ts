import { test } from 'node:test';
import assert from 'node:assert/strict';
import { originOf, summarizeProfile, type CpuProfile } from './cpu-profile.js';

test('origins of profile frames', () => {
  const cases: Array<[string, string, string]> = [
    ['(garbage collector)', '', 'gc'],
    ['(idle)', '', 'idle'],
    ['(program)', '', 'other'],
    ['writeGeneric', '', 'node'],
    ['onStreamRead', 'node:internal/stream_base_commons', 'node'],
    ['v4', 'file:///work/x/node_modules/uuid/dist/v4.js', 'dependency'],
    ['handle', 'file:///work/x/dist/src/proxy/http/router.js', 'meshwork'],
  ];
  for (const [fn, url, want] of cases) assert.equal(originOf(fn, url), want, `${fn} ${url}`);
});

test('self time per function, summed over call sites, with shares of busy time', () => {
  const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
  const profile: CpuProfile = {
    startTime: 0,
    endTime: 100_000, // 100 ms over 100 hits = 1 ms per hit
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), hitCount: 0 },
      { id: 2, callFrame: frame('(idle)', ''), hitCount: 50 },
      { id: 3, callFrame: frame('route', 'file:///r/dist/src/proxy/router.js', 9), hitCount: 20 },
      { id: 4, callFrame: frame('route', 'file:///r/dist/src/proxy/router.js', 9), hitCount: 10 },
      { id: 5, callFrame: frame('(garbage collector)', ''), hitCount: 15 },
      { id: 6, callFrame: frame('', 'node:net', 99), hitCount: 5 },
    ],
  };
  const s = summarizeProfile(profile, 2);
  assert.equal(s.totalMs, 50);
  assert.deepEqual(s.byOrigin, { meshwork: 30, dependency: 0, node: 5, gc: 15, idle: 50, other: 0 });
  assert.deepEqual(s.top, [
    { name: 'route', where: 'dist/src/proxy/router.js:10', origin: 'meshwork', selfMs: 30, share: 0.6 },
    { name: '(garbage collector)', where: '', origin: 'gc', selfMs: 15, share: 0.3 },
  ]);
});

test('a window counts only the samples taken inside it', () => {
  const frame = (functionName: string) => ({ functionName, url: 'file:///r/dist/src/x.js', lineNumber: 0 });
  const profile: CpuProfile = {
    startTime: 1000,
    endTime: 1004,
    nodes: [{ id: 1, callFrame: frame('a'), hitCount: 2 }, { id: 2, callFrame: frame('b'), hitCount: 2 }],
    samples: [1, 1, 2, 2],
    timeDeltas: [1, 1, 1, 1], // samples at 1001, 1002, 1003, 1004
  };
  const s = summarizeProfile(profile, 5, { fromUs: 1002.5, toUs: 1004 });
  assert.deepEqual(s.top.map((h) => [h.name, h.selfMs]), [['b', 0.002]]);
  assert.deepEqual(summarizeProfile(profile, 5).top.map((h) => h.name), ['a', 'b']);
});
