/**
 * `node dist/bench/h1-parse.js`: the CPU time of one call to the proxy's strict HTTP/1.1 head parsers,
 * in-process, on the heads the data-plane benchmark sends and receives: wrk's `GET /` and hey's
 * `POST /1k` (parseRequestHead) and nginx's `200 OK` (parseResponseHead). Each case is warmed up, then
 * timed over `--rounds` rounds of `--calls` calls; prints nanoseconds per call, minimum and median.
 */
import { Command } from 'commander';
import { parseRequestHead } from '../src/proxy/http/h1-head-parser.js';
import { parseResponseHead } from '../src/proxy/http/h1-response-parser.js';
import { positiveInteger } from './lib/cli.js';
import { percentileSorted } from './lib/summary.js';

const MAX_HEAD = 64 * 1024;
const WARMUP_CALLS = 50_000;

interface Case {
  readonly name: string;
  readonly head: string;
  /** Parses `buf` once; returns the offset past the head, so the result is used. */
  readonly parse: (buf: Buffer) => number;
}

const CASES: readonly Case[] = [
  {
    name: 'parseRequestHead, wrk GET /',
    head: 'GET / HTTP/1.1\r\nHost: app.bench.local:41345\r\n\r\n',
    parse: (buf) => ended(parseRequestHead(buf, 0, MAX_HEAD)),
  },
  {
    name: 'parseRequestHead, hey POST /1k',
    head: 'POST /1k HTTP/1.1\r\nHost: app.bench.local:41345\r\nUser-Agent: hey/0.0.1\r\nContent-Length: 1024\r\nContent-Type: text/html\r\nAccept-Encoding: gzip\r\n\r\n',
    parse: (buf) => ended(parseRequestHead(buf, 0, MAX_HEAD)),
  },
  {
    name: 'parseResponseHead, nginx 200',
    head: 'HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Thu, 26 Nov 2026 05:30:00 GMT\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: keep-alive\r\n\r\n',
    parse: (buf) => ended(parseResponseHead(buf, 0, MAX_HEAD, false)),
  },
];

function ended(r: { readonly kind: string; readonly end?: number }): number {
  if (r.kind !== 'head' || r.end === undefined) throw new Error(`benchmark head did not parse: ${JSON.stringify(r)}`);
  return r.end;
}

/** Nanoseconds per call over `calls` calls. */
function timeRound(c: Case, buf: Buffer, calls: number): number {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) sink += c.parse(buf);
  const ns = Number(process.hrtime.bigint() - t0);
  if (sink !== buf.length * calls) throw new Error('a parse ended in the wrong place');
  return ns / calls;
}

function main(rounds: number, calls: number): void {
  process.stdout.write(`ns per call, ${rounds} rounds of ${calls} calls after ${WARMUP_CALLS} warm-up (node ${process.version})\n`);
  process.stdout.write('| case | min ns | median ns |\n|---|---:|---:|\n');
  for (const c of CASES) {
    const buf = Buffer.from(c.head, 'latin1');
    timeRound(c, buf, WARMUP_CALLS);
    const ns: number[] = [];
    for (let r = 0; r < rounds; r++) ns.push(timeRound(c, buf, calls));
    ns.sort((a, b) => a - b);
    process.stdout.write(`| ${c.name} | ${ns[0]!.toFixed(0)} | ${percentileSorted(ns, 50).toFixed(0)} |\n`);
  }
}

new Command('bench:parse')
  .description('ns per call of the strict HTTP/1.1 head parsers on wrk\'s, hey\'s and nginx\'s heads.')
  .option('--rounds <n>', 'timed rounds per case', positiveInteger, 5)
  .option('--calls <n>', 'calls per round', positiveInteger, 300_000)
  .action((o: { rounds: number; calls: number }) => main(o.rounds, o.calls))
  .parse();
