import { test } from 'node:test';
import assert from 'node:assert/strict';
import { descendants, parseProcStat, parseStatusKiB, sampleTree } from './proc-stats.js';

test('/proc/<pid>/stat lines, including command names with spaces and parentheses', () => {
  const tail = 'S 100 200 200 0 -1 4194560 1234 0 0 0 250 75 3 4 20 0 1 0 5000 100000000 2000';
  const cases: Array<[string, { pid: number; ppid: number; cpuTicks: number } | undefined]> = [
    [`4242 (nginx) ${tail}`, { pid: 4242, ppid: 100, cpuTicks: 325 }],
    [`77 (my (odd) proc) ${tail}`, { pid: 77, ppid: 100, cpuTicks: 325 }],
    ['garbage', undefined],
    ['12 (short) S 1', undefined],
  ];
  for (const [text, want] of cases) assert.deepEqual(parseProcStat(text), want, text);
});

test('/proc/<pid>/status memory lines', () => {
  const status = 'Name:\tnode\nVmPeak:\t  999 kB\nVmHWM:\t   61440 kB\nVmRSS:\t   51200 kB\n';
  assert.equal(parseStatusKiB(status, 'VmHWM'), 61440);
  assert.equal(parseStatusKiB(status, 'VmRSS'), 51200);
  assert.equal(parseStatusKiB('Name:\tkworker\n', 'VmHWM'), undefined);
});

test('descendants walks the whole tree and nothing else', () => {
  const all = [
    { pid: 1, ppid: 0, cpuTicks: 0 }, { pid: 10, ppid: 1, cpuTicks: 0 }, { pid: 11, ppid: 10, cpuTicks: 0 },
    { pid: 12, ppid: 10, cpuTicks: 0 }, { pid: 13, ppid: 12, cpuTicks: 0 }, { pid: 20, ppid: 1, cpuTicks: 0 },
  ];
  assert.deepEqual(descendants(10, all).sort((a, b) => a - b), [10, 11, 12, 13]);
  assert.deepEqual(descendants(13, all), [13]);
});

test('sampleTree of this process sees its own CPU time and memory', () => {
  const s = sampleTree(process.pid);
  assert.ok(s.pids.includes(process.pid));
  assert.ok(s.cpuS > 0, `cpu ${s.cpuS}`);
  assert.ok(s.peakRssKiB >= s.rssKiB && s.rssKiB > 1024, `peak ${s.peakRssKiB} rss ${s.rssKiB}`);
});
