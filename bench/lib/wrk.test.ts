import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertFigures } from './assert-figures.js';
import { parseWrkOutput, wrkArgs } from './wrk.js';

const CLEAN = `Running 2s test @ http://127.0.0.1:38123/
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.74ms    1.62ms  11.28ms   84.21%
    Req/Sec    26.92k     6.82k   44.83k    80.00%
  Latency Distribution
     50%  791.00us
     75%    2.63ms
     90%    4.05ms
     99%    6.97ms
  53874 requests in 2.01s, 8.22MB read
Requests/sec:  26780.24
Transfer/sec:      4.09MB
`;

const WITH_ERRORS = `Running 10s test @ http://127.0.0.1:40000/
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.10ms   30.02ms   1.02s    97.00%
    Req/Sec     1.20k   200.00     1.50k    70.00%
  Latency Distribution
     50%    5.00ms
     75%    8.00ms
     90%   15.50ms
     99%    1.02s
  1200000 requests in 1.00m, 100.00MB read
  Socket errors: connect 1, read 2, write 3, timeout 4
  Non-2xx or 3xx responses: 10
Requests/sec:  20000.00
Transfer/sec:      1.67MB
`;

test('wrk --latency output is read into a LoadResult', () => {
  const cases = [
    { name: 'clean', text: CLEAN, want: { requests: 53874, durationS: 2.01, rps: 26780.24, p50Ms: 0.791, p90Ms: 4.05, p99Ms: 6.97, errors: 0 } },
    { name: 'errors', text: WITH_ERRORS, want: { requests: 1_200_000, durationS: 60, rps: 20000, p50Ms: 5, p90Ms: 15.5, p99Ms: 1020, errors: 20 } },
  ];
  for (const c of cases) {
    const got = parseWrkOutput(c.text);
    assert.equal(got.tool, 'wrk');
    assertFigures(c.name, got, c.want);
  }
});

test('wrk output without a latency distribution or totals is refused with what is missing', () => {
  assert.throws(() => parseWrkOutput(CLEAN.replace(/Latency Distribution[\s\S]*?99%\s+6.97ms\n/, '')), /latency 50% \(was --latency passed\?\)/);
  assert.throws(() => parseWrkOutput('unable to connect to 127.0.0.1:38999 Connection refused\n'), /'N requests in T' line not found/);
});

test('wrk command line', () => {
  assert.deepEqual(wrkArgs({ url: 'http://127.0.0.1:1/', connections: 50, threads: 1, durationS: 10, headers: ['Host: a'] }), [
    '-t1', '-c50', '-d10s', '--latency', '-H', 'Host: a', 'http://127.0.0.1:1/',
  ]);
});
