/**
 * The data-plane report: per row (direct, HAProxy, nginx, Meshwork one hop, two hops) and per load,
 * the median of the runs, the proxy processes' cost, and ratios to the direct and HAProxy rows,
 * checked against the targets of docs/performance.md. Throughput and latency ratios are paired: each
 * round's run is compared with the peer's run of the same round (measured minutes apart at most, on the
 * same machine speed), and the median of those per-round figures is reported.
 * Pure; table-tested in proxy-report.test.ts.
 */
import type { LoadResult, RoundRun } from './load-result.js';
import { median } from './summary.js';

export type LoadName = 'saturation' | 'fixed';

/** CPU and memory of the proxy processes of one row during one load (absent for the direct row). */
export interface ProxyCost {
  /** CPU seconds per 1,000 requests, summed over the row's proxy processes (= vCPU per 1,000 req/s). */
  readonly cpuSPer1kReq: number;
  /** Peak RSS of the largest proxy process of the row, MiB. */
  readonly peakRssMiB: number;
  /** Peak private memory (RssAnon) of the largest proxy process of the row, MiB: RSS less the shared executable pages. */
  readonly peakPrivateMiB: number;
}

export type RowOutcome =
  | { readonly kind: 'measured'; readonly row: string; readonly hops: number; readonly load: LoadName; readonly runs: readonly RoundRun[]; readonly cost: ProxyCost | undefined }
  | { readonly kind: 'skipped'; readonly row: string; readonly hops: number; readonly load: LoadName; readonly reason: string }
  | { readonly kind: 'failed'; readonly row: string; readonly hops: number; readonly load: LoadName; readonly reason: string };

export interface RunSummary {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly errors: number;
}

/** Median of each figure over the runs (p99 = median of the runs' p99s); requests and errors are totals. */
export function summarize(runs: readonly LoadResult[]): RunSummary {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p90Ms: median(runs.map((r) => r.p90Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    requests: runs.reduce((n, r) => n + r.requests, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

/** CPU seconds spent per 1,000 requests; NaN when no request completed. */
export function cpuPer1k(cpuSeconds: number, requests: number): number {
  return requests > 0 ? (cpuSeconds * 1000) / requests : Number.NaN;
}

export interface Ratios {
  /** Median over the rounds of req/s ÷ the direct row's req/s in the same round. */
  readonly rpsVsDirect: number;
  /** Median over the rounds of req/s ÷ HAProxy's req/s in the same round. */
  readonly rpsVsHaproxy: number;
  /** Median over the rounds of (p99 − the direct row's p99 in the same round) ÷ hops, ms (NaN for the direct row). */
  readonly p99AddedPerHopMs: number;
  /** CPU per 1,000 requests ÷ HAProxy's, each over all its measured runs. */
  readonly cpuVsHaproxy: number;
  readonly rssVsHaproxy: number;
}

/**
 * The median over the rounds both `mine` and `theirs` have a run in of `figure(mine's run, theirs)`;
 * NaN when they share no round (or `theirs` is absent).
 */
export function pairedMedian(mine: readonly RoundRun[], theirs: readonly RoundRun[] | undefined, figure: (mine: RoundRun, theirs: RoundRun) => number): number {
  const perRound = mine.flatMap((a) => {
    const b = theirs?.find((t) => t.round === a.round);
    return b === undefined ? [] : [figure(a, b)];
  });
  return median(perRound.filter((v) => !Number.isNaN(v)));
}

/** A row's figures and the direct and HAProxy rows' figures of the same load. */
export interface Measured {
  readonly runs: readonly RoundRun[];
  readonly cost: ProxyCost | undefined;
}

export function ratios(row: Measured & { readonly hops: number }, direct: readonly RoundRun[] | undefined, haproxy: Measured | undefined): Ratios {
  const div = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? Number.NaN : a / b);
  return {
    rpsVsDirect: pairedMedian(row.runs, direct, (a, b) => div(a.rps, b.rps)),
    rpsVsHaproxy: pairedMedian(row.runs, haproxy?.runs, (a, b) => div(a.rps, b.rps)),
    p99AddedPerHopMs: row.hops > 0 ? pairedMedian(row.runs, direct, (a, b) => (a.p99Ms - b.p99Ms) / row.hops) : Number.NaN,
    cpuVsHaproxy: div(row.cost?.cpuSPer1kReq, haproxy?.cost?.cpuSPer1kReq),
    rssVsHaproxy: div(row.cost?.peakRssMiB, haproxy?.cost?.peakRssMiB),
  };
}

/** The targets a Meshwork row is held to (issue "Benchmarks", item 4). */
export const TARGETS = {
  throughputVsHaproxy: 0.8,
  vcpuPer1kRpsPerProxy: 0.1,
  p99AddedPerHopMsAt1k: 0.5,
  rssMiBPerProxy: 50,
} as const;

export interface TargetCheck {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  /** Undefined when there is no figure to judge (no direct or HAProxy run in the same rounds), or `why` says it cannot be judged. */
  readonly met: boolean | undefined;
  readonly why?: string;
}

/**
 * What the peer measured in the same rounds says about the machine: the p99 HAProxy itself added per
 * hop. When that is above the p99 target, the machine's own tail (other load on the host) is larger than
 * what the target measures, and no proxy's p99 can be judged against it.
 */
export interface PeerReference {
  readonly haproxyP99AddedPerHopMs: number;
}

/** `figure` against `limit` (`at-least` or `at-most`); undefined when the figure could not be computed. */
function judge(figure: number, bound: 'at-least' | 'at-most', limit: number): boolean | undefined {
  if (Number.isNaN(figure)) return undefined;
  return bound === 'at-least' ? figure >= limit : figure <= limit;
}

/** Checks a Meshwork row's figures for one load against the targets that apply to that load. */
export function checkTargets(load: LoadName, hops: number, r: Ratios, cost: ProxyCost | undefined, peer?: PeerReference): TargetCheck[] {
  const out: TargetCheck[] = [];
  if (load === 'saturation' && hops === 1) {
    out.push({ name: 'throughput', target: `≥ ${TARGETS.throughputVsHaproxy}× HAProxy`, measured: `${fmt(r.rpsVsHaproxy, 2)}×`, met: judge(r.rpsVsHaproxy, 'at-least', TARGETS.throughputVsHaproxy) });
  }
  if (load === 'fixed') {
    const p99 = { name: 'p99 per hop', target: `≤ +${TARGETS.p99AddedPerHopMsAt1k} ms`, measured: `+${fmt(r.p99AddedPerHopMs, 2)} ms` };
    const peerP99 = peer?.haproxyP99AddedPerHopMs ?? Number.NaN;
    if (peerP99 > TARGETS.p99AddedPerHopMsAt1k) out.push({ ...p99, met: undefined, why: `HAProxy itself adds +${fmt(peerP99, 2)} ms in the same rounds: the machine's tail, not the proxy's` });
    else out.push({ ...p99, met: judge(r.p99AddedPerHopMs, 'at-most', TARGETS.p99AddedPerHopMsAt1k) });
    if (cost) {
      const perProxy = cost.cpuSPer1kReq / Math.max(1, hops);
      out.push({ name: 'vCPU per 1k rps per proxy', target: `≤ ${TARGETS.vcpuPer1kRpsPerProxy}`, measured: fmt(perProxy, 3), met: judge(perProxy, 'at-most', TARGETS.vcpuPer1kRpsPerProxy) });
    }
  }
  if (cost) out.push({ name: 'peak RSS per proxy', target: `≤ ${TARGETS.rssMiBPerProxy} MB`, measured: `${fmt(cost.peakRssMiB, 1)} MB`, met: judge(cost.peakRssMiB, 'at-most', TARGETS.rssMiBPerProxy) });
  return out;
}

export function fmt(n: number | undefined, digits: number): string {
  return n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits);
}

/** A measured row and load whose responses were not all 2xx/3xx (or had socket errors): its figures do not count. */
export interface ErroredLoad {
  readonly row: string;
  readonly load: LoadName;
  readonly errors: number;
  readonly requests: number;
}

/** Every measured outcome with errors; empty when every response of every run was 2xx/3xx. */
export function erroredLoads(outcomes: readonly RowOutcome[]): ErroredLoad[] {
  return outcomes.flatMap((x) => {
    if (x.kind !== 'measured') return [];
    const s = summarize(x.runs);
    return s.errors > 0 ? [{ row: x.row, load: x.load, errors: s.errors, requests: s.requests }] : [];
  });
}

/** The note a row with errors carries in the table. */
export function errorNote(errors: number): string {
  return `NOT VALID: ${errors} non-2xx/3xx responses or socket errors`;
}
