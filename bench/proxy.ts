/**
 * `npm run bench:proxy`: data-plane overhead of one and two Meshwork hops next to HAProxy and nginx,
 * on one machine and one upstream. Every row is started, then all are measured in interleaved rounds. See bench/README.md for the method and docs/performance.md for figures.
 */
import { Command, InvalidArgumentError } from 'commander';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBenchmark } from './lib/cli.js';
import { ensureTools } from './lib/installer.js';
import { LOADS, type LoadSettings } from './lib/loads.js';
import { firstAndLastLine, measureRounds, type RunningRow } from './lib/measure-rounds.js';
import { meshworkOneHopRow, meshworkTwoHopRow } from './lib/meshwork-rows.js';
import { KIB_BODY } from './lib/peer-configs.js';
import { directRow, haproxyRow, nginxRow, nodeRelayRow } from './lib/peer-rows.js';
import { PerfSampler } from './lib/perf-record.js';
import { formatPerf, groupRecordings, keepJitMaps, summarizeRecordings, type PerfOutcome } from './lib/perf-report.js';
import { formatProfile, readProfiles } from './lib/profile-report.js';
import { erroredLoads, type RowOutcome } from './lib/proxy-report.js';
import { PROXY_HEADERS, proxyTableRows } from './lib/proxy-table.js';
import type { BenchRow, RowContext } from './lib/rows.js';
import { runInfo } from './lib/run-info.js';
import { textTable } from './lib/table.js';
import { upstreamProcess } from './lib/upstream.js';

const ROWS: readonly BenchRow[] = [directRow, haproxyRow, nginxRow, nodeRelayRow, meshworkOneHopRow, meshworkTwoHopRow];
const PROXY_CPU = 0;
const HELPER_CPU = 1;

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, got '${value}'`);
  return n;
}

const program = new Command('bench:proxy')
  .description('Data-plane overhead: direct, HAProxy, nginx, one and two Meshwork hops; saturation and fixed-rate loads.')
  .option('--rows <names>', `comma-separated rows to run (${ROWS.map((r) => r.name).join(', ')})`)
  .option('--runs <n>', 'saturation runs per row, one per round (median is reported); rounds = the larger of --runs and --fixed-runs', positive, 3)
  .option('--duration <s>', 'seconds per saturation run', positive, 10)
  .option('--fixed-runs <n>', 'fixed-rate runs per row, one per round, in the first rounds', positive, 3)
  .option('--fixed-duration <s>', 'seconds per fixed-rate run', positive, 10)
  .option('--rate <rps>', 'total request rate of the fixed load', positive, 1000)
  .option('--warmup <s>', 'seconds of each load before a row is measured', positive, 5)
  .option('--quick', 'one 3-second run of each load after a 2-second warm-up (for development; figures are not comparable)')
  .option('--profile', 'run Meshwork proxies with --cpu-prof and print where their CPU time goes')
  .option('--perf', 'sample each proxy process with perf record during the measured runs and print where its CPU goes, kernel included')
  .option('--perf-freq <hz>', 'perf record sampling frequency for --perf', positive, 999)
  .option('--out <dir>', 'where to write proxy-<date>.json', 'bench/results');

interface Options {
  rows?: string;
  runs: number;
  duration: number;
  fixedRuns: number;
  fixedDuration: number;
  warmup: number;
  rate: number;
  quick?: boolean;
  profile?: boolean;
  perf?: boolean;
  perfFreq: number;
  out: string;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function settingsFor(o: Options): Record<'saturation' | 'fixed', LoadSettings> {
  return {
    saturation: { runs: o.quick ? 1 : o.runs, durationS: o.quick ? 3 : o.duration, connections: 50, rps: 0 },
    fixed: { runs: o.quick ? 1 : o.fixedRuns, durationS: o.quick ? 3 : o.fixedDuration, connections: 16, rps: o.rate },
  };
}

async function main(o: Options): Promise<void> {
  const wanted = o.rows?.split(',').map((s) => s.trim()) ?? ROWS.map((r) => r.name);
  const unknown = wanted.filter((w) => !ROWS.some((r) => r.name === w));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown row(s) ${unknown.join(', ')}; rows are ${ROWS.map((r) => r.name).join(', ')}`);
  const info = runInfo();
  const runStamp = info.startedAt.replace(/[:]/g, '-').replace(/\..*$/, '');
  const tools = ensureTools(['taskset', 'nginx', 'haproxy', 'wrk', 'hey', ...(o.perf ? (['perf'] as const) : [])], log);
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-bench-'));
  const bodyFile = join(dir, 'body-1k.bin');
  writeFileSync(bodyFile, KIB_BODY);
  const { listen: upstream, process: upstreamProc } = await upstreamProcess(dir, tools.nginx!, HELPER_CPU);
  const profileDir = o.profile ? join(o.out, 'profiles', runStamp) : undefined;
  const ctx: RowContext = { upstream, dir, tools, proxyCpu: PROXY_CPU, helperCpu: HELPER_CPU, log, profileDir, perfMap: o.perf === true };
  const sampler = o.perf ? new PerfSampler({ perf: tools.perf!, freq: o.perfFreq, dir: join(o.out, 'perf', runStamp), cpu: HELPER_CPU, log }) : undefined;
  const measure = { settings: settingsFor(o), tools: { wrk: tools.wrk!, hey: tools.hey! }, loadCpu: HELPER_CPU, bodyFile, warmupS: o.quick ? 2 : o.warmup, log, ...(sampler ? { sampler } : {}) };
  const profiles: string[] = [];
  const selected = ROWS.filter((r) => wanted.includes(r.name));
  const running: RunningRow[] = [];
  const stopAll = () => {
    for (const r of running) for (const p of r.target.proxies) p.destroy();
    upstreamProc.destroy();
  };
  process.once('SIGINT', () => {
    stopAll();
    process.exit(130);
  });
  const outcomes: RowOutcome[] = [];
  try {
    await upstreamProc.start();
    // Every row is started before any is measured: the rows measured in a round are all up at once.
    for (const row of selected) {
      log(`row ${row.name}: ${row.description}`);
      const skip = (kind: 'skipped' | 'failed', reason: string) => LOADS.map((l): RowOutcome => ({ kind, row: row.name, hops: row.hops, load: l.name, reason }));
      try {
        const started = await row.start(ctx);
        if (started.kind === 'ready') running.push({ row, target: started.target });
        else {
          log(`row ${row.name}: not yet measurable: ${started.reason}`);
          outcomes.push(...skip('skipped', started.reason));
        }
      } catch (err) {
        log(`row ${row.name} failed: ${err instanceof Error ? err.message : String(err)}`);
        outcomes.push(...skip('failed', firstAndLastLine(err instanceof Error ? err.message : String(err))));
      }
    }
    outcomes.push(...(await measureRounds(running, measure)));
  } finally {
    await Promise.allSettled(running.map((r) => r.target.close()));
    await upstreamProc.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (profileDir) for (const row of selected) profiles.push(...readProfiles(join(profileDir, row.name), 15).map(formatProfile));
  const rowIndex = (name: string) => selected.findIndex((r) => r.name === name);
  outcomes.sort((a, b) => rowIndex(a.row) - rowIndex(b.row));
  const settings = settingsFor(o);
  const tableOptions = { targetRows: new Set([meshworkOneHopRow.name, meshworkTwoHopRow.name]), directRow: directRow.name, haproxyRow: haproxyRow.name };
  for (const load of LOADS) {
    process.stdout.write(`\n${load.name}: ${load.describe(settings[load.name])}\n`);
    process.stdout.write(`${textTable(PROXY_HEADERS, proxyTableRows(load.name, outcomes, tableOptions))}\n`);
  }
  process.stdout.write('\nreq/s ×direct, req/s ×HAProxy and p99 +ms/hop: median over the rounds of each run against the peer\'s run of the same round\n');
  for (const p of profiles) process.stdout.write(`\nCPU profile ${p}\n`);
  const perf = sampler ? { freq: o.perfFreq, ...(await printPerf(tools.perf!, sampler)) } : undefined;
  mkdirSync(o.out, { recursive: true });
  const file = join(o.out, `proxy-${runStamp}.json`);
  writeFileSync(file, `${JSON.stringify({ ...info, settings, rows: selected.map((r) => ({ name: r.name, hops: r.hops, description: r.description })), outcomes, ...(perf ? { perf } : {}) }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
  const errored = erroredLoads(outcomes);
  if (errored.length === 0) {
    process.stdout.write('every measured response was 2xx/3xx, with no socket errors\n');
  } else {
    for (const e of errored) process.stderr.write(`bench:proxy: ${e.row} ${e.load}: ${e.errors} of ${e.requests} requests were not answered 2xx/3xx (or hit socket errors); its figures are not valid\n`);
    process.exitCode = 1;
  }
}

/** The `--perf` section: every recording summarised, and every recording that failed, said plainly. */
async function printPerf(perf: string, sampler: PerfSampler): Promise<{ recordings: PerfOutcome[]; failures: string[] }> {
  const recordings: PerfOutcome[] = [];
  for (const group of groupRecordings(sampler.recordings)) {
    log(`perf script ${group.map((r) => r.file).join(' ')}`);
    const outcome = await summarizeRecordings(perf, group, 15);
    recordings.push(outcome);
    process.stdout.write(`\nperf ${formatPerf(outcome)}\n`);
  }
  keepJitMaps(sampler.sampled);
  for (const f of sampler.failures) process.stdout.write(`\n${f}\n`);
  if (sampler.failures.length > 0) {
    process.stdout.write('perf needs root (or kernel.perf_event_paranoid ≤ 1) and perf events, which some containers and VMs do not offer; the tables above do not depend on it\n');
  }
  if (sampler.recordings.length === 0 && sampler.failures.length === 0) process.stdout.write('\nperf: nothing was recorded (no row with proxy processes was measured)\n');
  return { recordings, failures: [...sampler.failures] };
}

program.action((o: Options) => runBenchmark('bench:proxy', () => main(o)));
await program.parseAsync();
