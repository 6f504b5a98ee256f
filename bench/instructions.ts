/**
 * bench:instructions: the instructions one proxied request costs each Node.js proxy, counted by valgrind's
 * callgrind in the proxy processes (user space, every thread: JavaScript, V8, garbage collection, libuv),
 * next to the bare Node.js relay in the same run. Unlike CPU seconds, the count does not move when
 * other work shares the machine, so before/after figures of a change compare even on a busy host.
 * See bench/README.md.
 */
import { Command, InvalidArgumentError } from 'commander';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callgrindPrefix, counted } from './lib/callgrind.js';
import { positiveInteger, runBenchmark } from './lib/cli.js';
import { ensureTools } from './lib/installer.js';
import { meshworkOneHopRow, meshworkTwoHopRow } from './lib/meshwork-rows.js';
import { KIB_BODY } from './lib/peer-configs.js';
import { nodeRelayRow } from './lib/peer-rows.js';
import { requestLoop, type RequestSpec } from './lib/request-loop.js';
import type { BenchRow, BenchTarget, RowContext } from './lib/rows.js';
import { runInfo } from './lib/run-info.js';
import { textTable } from './lib/table.js';
import { upstreamProcess } from './lib/upstream.js';

const ROWS: readonly BenchRow[] = [nodeRelayRow, meshworkOneHopRow, meshworkTwoHopRow];
const LOADS: ReadonlyArray<{ readonly name: string; readonly spec: RequestSpec }> = [
  { name: 'GET / (12-byte response)', spec: { method: 'GET', path: '/' } },
  { name: 'POST /1k (1 KiB both ways)', spec: { method: 'POST', path: '/1k', body: KIB_BODY } },
];
const CONCURRENCY = 8;
const START_TIMEOUT_MS = 300_000;

const program = new Command('bench:instructions')
  .description('Instructions per proxied request of each Node.js proxy (callgrind), next to the bare Node.js relay.')
  .option('--rows <names>', `comma-separated rows (${ROWS.map((r) => r.name).join(', ')})`, 'node-relay,meshwork-1hop')
  .option('--requests <n>', 'requests counted per load', positiveInteger, 20_000)
  .option('--warmup <n>', 'requests sent before counting, per load (the JIT compiles while they run)', positiveInteger, 10_000)
  .option('--out <dir>', 'where to write instructions-<date>.json', 'bench/results');

interface Options {
  rows: string;
  requests: number;
  warmup: number;
  out: string;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

interface Figure {
  readonly row: string;
  readonly load: string;
  /** Per proxy process of the row, in chain order (consumer first). */
  readonly perRequest: readonly number[];
}

async function measure(row: BenchRow, target: BenchTarget, dir: string, o: Options): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const load of LOADS) {
    const failedWarm = await requestLoop(target, load.spec, o.warmup, CONCURRENCY);
    let failed = 0;
    const pids = target.proxies.map((p) => p.pid);
    const totals = await countedAll(pids, dir, async () => {
      failed = await requestLoop(target, load.spec, o.requests, CONCURRENCY);
    });
    if (failed + failedWarm > 0) throw new Error(`${row.name}, ${load.name}: ${failed + failedWarm} requests did not answer 2xx`);
    const perRequest = totals.map((t) => t / o.requests);
    log(`${row.name}, ${load.name}: ${perRequest.map((n) => Math.round(n)).join(' + ')} instructions per request`);
    figures.push({ row: row.name, load: load.name, perRequest });
  }
  return figures;
}

/** counted() over several processes at once: each one's total for the same work. */
async function countedAll(pids: readonly number[], dir: string, work: () => Promise<void>): Promise<number[]> {
  if (pids.length === 0) throw new Error('the row has no proxy process to count');
  const [first, ...rest] = pids;
  if (rest.length === 0) return [await counted(first!, dir, work)];
  let inner: number[] = [];
  const outer = await counted(first!, dir, async () => {
    inner = await countedAll(rest, dir, work);
  });
  return [outer, ...inner];
}

function report(figures: readonly Figure[]): string {
  const relay = (load: string) => figures.find((f) => f.row === nodeRelayRow.name && f.load === load)?.perRequest[0];
  const rows = figures.map((f) => {
    const total = f.perRequest.reduce((a, b) => a + b, 0);
    const base = relay(f.load);
    return [f.row, f.load, Math.round(total).toLocaleString('en-US'), f.perRequest.length > 1 ? f.perRequest.map((n) => Math.round(n).toLocaleString('en-US')).join(' + ') : '', base === undefined ? '–' : `${(total / base).toFixed(2)}×`];
  });
  return textTable(['row', 'load', 'instructions / request', 'per proxy', '×node-relay'], rows);
}

async function main(o: Options): Promise<void> {
  const wanted = o.rows.split(',').map((s) => s.trim());
  const unknown = wanted.filter((w) => !ROWS.some((r) => r.name === w));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown row(s) ${unknown.join(', ')}; rows are ${ROWS.map((r) => r.name).join(', ')}`);
  const info = runInfo();
  const tools = ensureTools(['taskset', 'nginx', 'valgrind'], log);
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-instructions-'));
  const dumps = join(dir, 'callgrind');
  mkdirSync(dumps);
  const upstream = await upstreamProcess(dir, tools.nginx!, 1);
  const ctx: RowContext = { upstream: upstream.listen, dir, tools, proxyCpu: 0, helperCpu: 1, log, profileDir: undefined, launch: { prefix: callgrindPrefix(tools.valgrind!, dumps), startTimeoutMs: START_TIMEOUT_MS } };
  const figures: Figure[] = [];
  try {
    await upstream.process.start();
    for (const row of ROWS.filter((r) => wanted.includes(r.name))) {
      log(`row ${row.name}: starting under callgrind (slow: a minute or more)`);
      const started = await row.start(ctx);
      if (started.kind === 'unavailable') throw new Error(`row ${row.name} is not measurable: ${started.reason}`);
      try {
        figures.push(...(await measure(row, started.target, dumps, o)));
      } finally {
        await started.target.close();
      }
    }
  } finally {
    await upstream.process.close();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`\ninstructions per request: ${o.requests.toLocaleString('en-US')} requests counted per load after ${o.warmup.toLocaleString('en-US')} unmeasured, ${CONCURRENCY} keep-alive connections\n${report(figures)}\n`);
  mkdirSync(o.out, { recursive: true });
  const file = join(o.out, `instructions-${info.startedAt.replace(/[:]/g, '-').replace(/\..*$/, '')}.json`);
  writeFileSync(file, `${JSON.stringify({ ...info, settings: { requests: o.requests, warmup: o.warmup, concurrency: CONCURRENCY }, figures }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
}

program.action((o: Options) => runBenchmark('bench:instructions', () => main(o)));
await program.parseAsync();
