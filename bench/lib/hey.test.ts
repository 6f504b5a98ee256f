import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertFigures } from './assert-figures.js';
import { heyArgs, parseHeyOutput } from './hey.js';

const CLEAN = `
Summary:
  Total:\t2.0091 secs
  Slowest:\t0.0060 secs
  Fastest:\t0.0000 secs
  Average:\t0.0010 secs
  Requests/sec:\t971.5969
  
  Total data:\t23424 bytes
  Size/request:\t12 bytes

Response time histogram:
  0.000 [1]\t|
  0.001 [785]\t|■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■

Latency distribution:
  10% in 0.0002 secs
  25% in 0.0005 secs
  50% in 0.0007 secs
  75% in 0.0011 secs
  90% in 0.0027 secs
  95% in 0.0033 secs
  99% in 0.0038 secs

Details (average, fastest, slowest):
  DNS+dialup:\t0.0000 secs, 0.0000 secs, 0.0060 secs
  resp read:\t0.0000 secs, 0.0000 secs, 0.0050 secs

Status code distribution:
  [200]\t1952 responses


`;

const MIXED = CLEAN.replace('  [200]\t1952 responses\n', '  [200]\t1900 responses\n  [503]\t40 responses\n') +
  'Error distribution:\n  [12]\tPost "http://127.0.0.1:1/": EOF\n  [3]\tPost "http://127.0.0.1:1/": read: connection reset by peer\n';

test('hey summary is read into a LoadResult', () => {
  const cases = [
    { name: 'clean', text: CLEAN, want: { requests: 1952, durationS: 2.0091, rps: 971.5969, p50Ms: 0.7, p90Ms: 2.7, p99Ms: 3.8, errors: 0 } },
    { name: 'mixed', text: MIXED, want: { requests: 1940, durationS: 2.0091, rps: 971.5969, p50Ms: 0.7, p90Ms: 2.7, p99Ms: 3.8, errors: 55 } },
  ];
  for (const c of cases) {
    const got = parseHeyOutput(c.text);
    assert.equal(got.tool, 'hey');
    assertFigures(c.name, got, c.want);
  }
});

test('hey output where every request failed has errors and no percentiles; output without a summary is refused', () => {
  const failed = `\nSummary:\n  Total:\t1.0151 secs\n  Requests/sec:\t19.7030\n\nLatency distribution:\n\nStatus code distribution:\n\nError distribution:\n  [20]\tGet "http://127.0.0.1:38999/": dial tcp: connection refused\n`;
  const got = parseHeyOutput(failed);
  assert.equal(got.requests, 0);
  assert.equal(got.errors, 20);
  assert.ok([got.p50Ms, got.p90Ms, got.p99Ms].every(Number.isNaN));
  const few = CLEAN.replace('  99% in 0.0038 secs\n', '  0% in 0\n');
  assert.ok(Number.isNaN(parseHeyOutput(few).p99Ms));
  assert.throws(() => parseHeyOutput('read body: is a directory\n'), /hey output: 'Total:' line not found/);
});

test('hey command line splits the total rate across workers', () => {
  assert.deepEqual(heyArgs({ url: 'http://127.0.0.1:1/', totalRps: 1000, connections: 16, durationS: 15, method: 'POST', bodyFile: '/tmp/b' }), [
    '-z', '15s', '-c', '16', '-q', '62.5', '-cpus', '1', '-m', 'POST', '-D', '/tmp/b', '-T', 'application/octet-stream', 'http://127.0.0.1:1/',
  ]);
});
