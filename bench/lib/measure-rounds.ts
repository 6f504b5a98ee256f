/**
 * Measures the running rows in interleaved rounds. Every row is warmed up first; then round k runs, for
 * each row in turn (the order rotated each round, see rounds.ts), one saturation run and one fixed-load
 * run, so that every row sees the machine at nearly the same speed as the others in the same round.
 * The proxies' CPU time is sampled before and after each measured run only; their peak private memory
 * is watched over the whole rounds phase and their peak RSS read at its end. A run that fails ends that
 * row's load (reported as failed); the row's other load and the other rows still count.
 */
import { loadavg } from 'node:os';
import type { RoundRun } from './load-result.js';
import { LOADS, runLoadOnce, type LoadDefinition, type LoadSettings } from './loads.js';
import { sampleTree, watchPrivateMemory } from './proc-stats.js';
import { cpuPer1k, type LoadName, type RowOutcome } from './proxy-report.js';
import type { PinnedProcess } from './launcher.js';
import type { BenchRow, BenchTarget } from './rows.js';
import { roundCount, roundOrder, runsInRound } from './rounds.js';

/**
 * Something that watches the proxies during one measured run only (not the warm-up), e.g. a sampling
 * profiler. `start` resolves once it is watching; the function it returns ends that and never rejects:
 * a sampler's failure is its own to report, and must not change the benchmark's figures.
 */
export interface LoadSampler {
  start(row: string, load: LoadName, round: number, proxies: readonly PinnedProcess[]): Promise<() => Promise<void>>;
}

export interface MeasureOptions {
  readonly settings: Readonly<Record<LoadName, LoadSettings>>;
  readonly tools: { readonly wrk: string; readonly hey: string };
  readonly loadCpu: number;
  readonly bodyFile: string;
  /** Seconds of each load before the rounds (Node's JIT needs seconds, not milliseconds). */
  readonly warmupS: number;
  readonly log: (line: string) => void;
  /** Watches each measured run (`--perf`); unset, nothing watches them. */
  readonly sampler?: LoadSampler;
}

/** A row whose `start` returned a running target. */
export interface RunningRow {
  readonly row: BenchRow;
  readonly target: BenchTarget;
}

/** What one row × load has gathered so far over the rounds. */
interface Tally {
  readonly runs: RoundRun[];
  cpuS: number;
  failure?: string;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One measured run, with the proxies' CPU seconds spent during it. */
async function measureRun(r: RunningRow, load: LoadDefinition, round: number, o: MeasureOptions): Promise<{ run: RoundRun; cpuS: number }> {
  const s = o.settings[load.name];
  const { proxies } = r.target;
  const stopSampling = o.sampler ? await o.sampler.start(r.row.name, load.name, round, proxies) : undefined;
  const before = proxies.map((p) => sampleTree(p.pid).cpuS);
  let result;
  try {
    result = await runLoadOnce(load, o.tools[load.tool], o.loadCpu, r.target, s, o.bodyFile);
  } finally {
    await stopSampling?.();
  }
  const cpuS = proxies.reduce((sum, p, i) => sum + sampleTree(p.pid).cpuS - before[i]!, 0);
  o.log(`round ${round}: ${r.row.name} ${load.name}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99Ms.toFixed(2)} ms, ${result.errors} errors (load avg ${loadavg()[0]!.toFixed(2)})`);
  return { run: { round, ...result }, cpuS };
}

/** Logs a row's memory at start and warms up its connections, pools and JIT with both request shapes. */
async function warmUp(r: RunningRow, o: MeasureOptions): Promise<void> {
  for (const p of r.target.proxies) {
    const at = sampleTree(p.pid);
    o.log(`${r.row.name}: ${p.name} RSS at start ${(at.rssKiB / 1024).toFixed(1)} MB (private ${(at.privateKiB / 1024).toFixed(1)} MB)`);
  }
  for (const load of LOADS) await runLoadOnce(load, o.tools[load.tool], o.loadCpu, r.target, { ...o.settings[load.name], durationS: o.warmupS, runs: 1 }, o.bodyFile);
}

/** Warms up every row, measures them in rounds, and returns one outcome per row and load, in `rows` order. */
export async function measureRounds(rows: readonly RunningRow[], o: MeasureOptions): Promise<RowOutcome[]> {
  const failed = (r: RunningRow, reason: string) => LOADS.map((l): RowOutcome => ({ kind: 'failed', row: r.row.name, hops: r.row.hops, load: l.name, reason }));
  const warmFailures = new Map<RunningRow, RowOutcome[]>();
  const ready: RunningRow[] = [];
  for (const r of rows) {
    try {
      await warmUp(r, o);
      ready.push(r);
    } catch (err) {
      o.log(`row ${r.row.name} failed its warm-up: ${message(err)}`);
      warmFailures.set(r, failed(r, firstAndLastLine(message(err))));
    }
  }
  const fresh = (): Tally => ({ runs: [], cpuS: 0 });
  const tallies = new Map(ready.map((r) => [r, new Map(LOADS.map((l) => [l.name, fresh()]))]));
  const watches = new Map(ready.map((r) => [r, watchPrivateMemory(r.target.proxies.map((p) => p.pid))]));
  const privatePeaks = new Map<RunningRow, number[]>();
  const rounds = roundCount(LOADS.map((l) => o.settings[l.name].runs));
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const r of roundOrder(ready, round)) {
        for (const load of LOADS) {
          const tally = tallies.get(r)!.get(load.name)!;
          if (!runsInRound(o.settings[load.name].runs, round) || tally.failure !== undefined) continue;
          try {
            const { run, cpuS } = await measureRun(r, load, round, o);
            tally.runs.push(run);
            tally.cpuS += cpuS;
          } catch (err) {
            o.log(`${r.row.name} ${load.name} failed in round ${round}: ${message(err)}`);
            tally.failure = firstAndLastLine(message(err));
          }
        }
      }
    }
  } finally {
    for (const [r, w] of watches) privatePeaks.set(r, w.stop());
  }
  return rows.flatMap((r) => warmFailures.get(r) ?? rowOutcomes(r, tallies.get(r)!, privatePeaks.get(r)!));
}

/** The outcomes of one measured row: its runs per load, with the proxies' cost over those runs. */
function rowOutcomes(r: RunningRow, tallies: ReadonlyMap<LoadName, Tally>, privatePeaksKiB: readonly number[]): RowOutcome[] {
  const { proxies } = r.target;
  const peakRssMiB = Math.max(...proxies.map((p) => sampleTree(p.pid).peakRssKiB)) / 1024;
  return LOADS.map((load): RowOutcome => {
    const t = tallies.get(load.name)!;
    const base = { row: r.row.name, hops: r.row.hops, load: load.name };
    if (t.failure !== undefined) return { kind: 'failed', ...base, reason: t.failure };
    const requests = t.runs.reduce((n, run) => n + run.requests, 0);
    const cost = proxies.length === 0 ? undefined : { cpuSPer1kReq: cpuPer1k(t.cpuS, requests), peakRssMiB, peakPrivateMiB: Math.max(...privatePeaksKiB) / 1024 };
    return { kind: 'measured', ...base, runs: t.runs, cost };
  });
}

/** The first line of an error message, plus its last non-empty line when that says more (a child's last words). */
export function firstAndLastLine(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const first = lines[0] ?? 'unknown error';
  const last = lines.at(-1);
  return last !== undefined && last !== first ? `${first} … ${last}` : first;
}
