/**
 * Turns the data-plane outcomes of one load into table cells: the measured figures (medians of the
 * runs), the ratios to the direct and HAProxy rows (req/s and p99 paired by round, see proxy-report.ts),
 * and the target checks for rows that name them. Pure.
 */
import { checkTargets, errorNote, fmt, ratios, summarize, type LoadName, type RowOutcome } from './proxy-report.js';

export const PROXY_HEADERS = [
  'row', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'errors', 'CPU s/1k req', 'peak RSS MB', 'peak private MB',
  'req/s ×direct', 'req/s ×HAProxy', 'p99 +ms/hop', 'CPU ×HAProxy', 'RSS ×HAProxy', 'targets / notes',
] as const;

/** The figure cells of a row that has no figures. */
const EMPTY: readonly string[] = PROXY_HEADERS.slice(1, -1).map(() => '–');

export interface TableOptions {
  /** Rows whose target checks are shown (the Meshwork rows). */
  readonly targetRows: ReadonlySet<string>;
  readonly directRow: string;
  readonly haproxyRow: string;
}

/** `met`, `MISSED`, or `not judged` when the figure needs a peer row measured in the same rounds. */
function verdict(met: boolean | undefined): string {
  return met === undefined ? 'not judged' : met ? 'met' : 'MISSED';
}

export function proxyTableRows(load: LoadName, outcomes: readonly RowOutcome[], o: TableOptions): string[][] {
  const mine = outcomes.filter((x) => x.load === load);
  const measured = (name: string) => {
    const x = mine.find((m) => m.row === name);
    return x?.kind === 'measured' ? x : undefined;
  };
  const directX = measured(o.directRow);
  const haproxyX = measured(o.haproxyRow);
  const direct = directX?.runs;
  const peer = haproxyX === undefined ? undefined : { haproxyP99AddedPerHopMs: ratios(haproxyX, direct, haproxyX).p99AddedPerHopMs };
  return mine.map((x): string[] => {
    switch (x.kind) {
      case 'skipped':
        return [x.row, ...EMPTY, `not yet measurable: ${x.reason}`];
      case 'failed':
        return [x.row, ...EMPTY, `failed: ${x.reason}`];
      case 'measured': {
        const s = summarize(x.runs);
        const r = ratios(x, direct, haproxyX);
        const checks = o.targetRows.has(x.row) ? checkTargets(load, x.hops, r, x.cost, peer) : [];
        const notes = [...(s.errors > 0 ? [errorNote(s.errors)] : []), ...checks.map((c) => `${verdict(c.met)} ${c.name} ${c.measured} (${c.target}${c.why === undefined ? '' : `; ${c.why}`})`)];
        return [
          x.row, fmt(s.rps, 0), fmt(s.p50Ms, 2), fmt(s.p90Ms, 2), fmt(s.p99Ms, 2), String(s.errors),
          fmt(x.cost?.cpuSPer1kReq, 3), fmt(x.cost?.peakRssMiB, 1), fmt(x.cost?.peakPrivateMiB, 1),
          fmt(r.rpsVsDirect, 2), fmt(r.rpsVsHaproxy, 2), fmt(r.p99AddedPerHopMs, 2), fmt(r.cpuVsHaproxy, 2), fmt(r.rssVsHaproxy, 2),
          notes.join('; '),
        ];
      }
      default: {
        const never: never = x;
        return [String(never)];
      }
    }
  });
}
