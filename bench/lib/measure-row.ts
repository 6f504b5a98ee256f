/**
 * Measures one running row under every load: a warm-up, then the load's runs with the proxies' CPU time
 * sampled before and after and their peak RSS after. A load that fails is reported as failed for that
 * load only; the row's other loads still count.
 */
import { loadavg } from 'node:os';
import type { LoadResult } from './load-result.js';
import { LOADS, runLoadOnce, type LoadSettings } from './loads.js';
import { sampleTree, watchPrivateMemory } from './proc-stats.js';
import { cpuPer1k, type LoadName, type RowOutcome } from './proxy-report.js';
import type { PinnedProcess } from './launcher.js';
import type { BenchRow, BenchTarget } from './rows.js';

/**
 * Something that watches the proxies during a load's measured runs only (not the warm-up), e.g. a
 * sampling profiler. `start` resolves once it is watching; the function it returns ends that and never
 * rejects: a sampler's failure is its own to report, and must not change the benchmark's figures.
 */
export interface LoadSampler {
  start(row: string, load: LoadName, proxies: readonly PinnedProcess[]): Promise<() => Promise<void>>;
}

export interface MeasureOptions {
  readonly settings: Readonly<Record<LoadName, LoadSettings>>;
  readonly tools: { readonly wrk: string; readonly hey: string };
  readonly loadCpu: number;
  readonly bodyFile: string;
  /** Seconds of saturation load before the measured runs (Node's JIT needs seconds, not milliseconds). */
  readonly warmupS: number;
  readonly log: (line: string) => void;
  /** Watches each load's measured runs (`--perf`); unset, nothing watches them. */
  readonly sampler?: LoadSampler;
}

async function measureLoad(row: BenchRow, target: BenchTarget, load: (typeof LOADS)[number], o: MeasureOptions): Promise<RowOutcome> {
  const s = o.settings[load.name];
  const before = target.proxies.map((p) => sampleTree(p.pid).cpuS);
  const privateWatch = watchPrivateMemory(target.proxies.map((p) => p.pid));
  const runs: LoadResult[] = [];
  const stopSampling = o.sampler ? await o.sampler.start(row.name, load.name, target.proxies) : undefined;
  try {
    for (let i = 0; i < s.runs; i++) {
      const r = await runLoadOnce(load, o.tools[load.tool], o.loadCpu, target, s, o.bodyFile);
      o.log(`${row.name} ${load.name} run ${i + 1}/${s.runs}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99Ms.toFixed(2)} ms, ${r.errors} errors (load avg ${loadavg()[0]!.toFixed(2)})`);
      runs.push(r);
    }
  } finally {
    await stopSampling?.();
  }
  const after = target.proxies.map((p) => sampleTree(p.pid));
  const privatePeaks = privateWatch.stop();
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const cpuS = after.reduce((sum, a, i) => sum + a.cpuS - before[i]!, 0);
  const cost = target.proxies.length === 0 ? undefined : { cpuSPer1kReq: cpuPer1k(cpuS, requests), peakRssMiB: Math.max(...after.map((a) => a.peakRssKiB)) / 1024, peakPrivateMiB: Math.max(...privatePeaks) / 1024 };
  return { kind: 'measured', row: row.name, hops: row.hops, load: load.name, runs, cost };
}

export async function measureRow(row: BenchRow, target: BenchTarget, o: MeasureOptions): Promise<RowOutcome[]> {
  for (const p of target.proxies) {
    const at = sampleTree(p.pid);
    o.log(`${row.name}: ${p.name} RSS at start ${(at.rssKiB / 1024).toFixed(1)} MB (private ${(at.privateKiB / 1024).toFixed(1)} MB)`);
  }
  // Warm up connections, pools and the JIT outside any measurement, with both request shapes.
  for (const load of LOADS) await runLoadOnce(load, o.tools[load.tool], o.loadCpu, target, { ...o.settings[load.name], durationS: o.warmupS, runs: 1 }, o.bodyFile);
  const outcomes: RowOutcome[] = [];
  for (const load of LOADS) {
    try {
      outcomes.push(await measureLoad(row, target, load, o));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      o.log(`${row.name} ${load.name} failed: ${message}`);
      outcomes.push({ kind: 'failed', row: row.name, hops: row.hops, load: load.name, reason: firstAndLastLine(message) });
    }
  }
  return outcomes;
}

/** The first line of an error message, plus its last non-empty line when that says more (a child's last words). */
export function firstAndLastLine(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const first = lines[0] ?? 'unknown error';
  const last = lines.at(-1);
  return last !== undefined && last !== first ? `${first} … ${last}` : first;
}
