/**
 * The control-plane report: per client count N, connect time, convergence percentiles after a weight
 * change, and the control plane's memory and CPU, checked against the targets (convergence p99 ≤ 100 ms
 * at 1,000 proxies; ≤ 0.2 MB control-plane memory per connected proxy). Pure; tested in xds-report.test.ts.
 */
import { fmt } from './proxy-report.js';
import { percentileSorted } from './summary.js';

export interface XdsMeasurement {
  readonly clients: number;
  readonly nodes: number;
  /** From opening the first stream to the last client holding its first RouteConfiguration, ms. */
  readonly connectAllMs: number;
  /** Per converged client: RouteConfiguration arrival minus the UpdateRoute response, ms (clamped at 0). */
  readonly convergenceMs: readonly number[];
  /** Clients that errored or did not converge before the deadline. */
  readonly failed: number;
  /** Control-plane RSS with one warm-up client connected (the first build done, code loaded). */
  readonly rssIdleMiB: number;
  readonly rssConnectedMiB: number;
  readonly peakRssMiB: number;
  readonly cpuConnectS: number;
  readonly cpuUpdateS: number;
  /** CPU seconds the simulator itself spent between UpdateRoute's response and the last convergence. */
  readonly simulatorCpuUpdateS: number;
}

export type XdsOutcome =
  | { readonly kind: 'measured'; readonly m: XdsMeasurement }
  | { readonly kind: 'skipped'; readonly clients: number; readonly reason: string }
  | { readonly kind: 'failed'; readonly clients: number; readonly reason: string };

export interface ConvergenceSummary {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function convergence(latenciesMs: readonly number[]): ConvergenceSummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { p50Ms: percentileSorted(sorted, 50), p99Ms: percentileSorted(sorted, 99), maxMs: sorted.at(-1) ?? Number.NaN };
}

/** Control-plane memory per connected proxy, MB: (RSS connected − RSS idle) / N. */
export function mibPerProxy(m: Pick<XdsMeasurement, 'rssIdleMiB' | 'rssConnectedMiB' | 'clients'>): number {
  return m.clients > 0 ? (m.rssConnectedMiB - m.rssIdleMiB) / m.clients : Number.NaN;
}

export const XDS_TARGETS = { convergenceP99MsAt1000: 100, mibPerProxy: 0.2 } as const;

export const XDS_HEADERS = [
  'clients', 'nodes', 'connect all s', 'conv p50 ms', 'conv p99 ms', 'conv max ms', 'failed',
  'CP RSS idle MB', 'CP RSS connected MB', 'CP peak MB', 'MB/proxy', 'CPU s connect', 'CPU s update', 'sim CPU s update', 'targets / notes',
] as const;

export function xdsTableRow(o: XdsOutcome): string[] {
  switch (o.kind) {
    case 'skipped':
    case 'failed': {
      const empty = XDS_HEADERS.slice(1, -1).map(() => '–');
      return [String(o.clients), ...empty, `${o.kind === 'skipped' ? 'not yet measurable' : 'failed'}: ${o.reason}`];
    }
    case 'measured': {
      const m = o.m;
      const c = convergence(m.convergenceMs);
      const perProxy = mibPerProxy(m);
      const notes: string[] = [];
      if (m.clients === 1000) notes.push(`${c.p99Ms <= XDS_TARGETS.convergenceP99MsAt1000 && m.failed === 0 ? 'met' : 'MISSED'} p99 ${fmt(c.p99Ms, 1)} ms (≤ ${XDS_TARGETS.convergenceP99MsAt1000} ms at 1,000)`);
      notes.push(`${perProxy <= XDS_TARGETS.mibPerProxy ? 'met' : 'MISSED'} ${fmt(perProxy, 3)} MB/proxy (≤ ${XDS_TARGETS.mibPerProxy})`);
      return [
        String(m.clients), String(m.nodes), fmt(m.connectAllMs / 1000, 2), fmt(c.p50Ms, 1), fmt(c.p99Ms, 1), fmt(c.maxMs, 1), String(m.failed),
        fmt(m.rssIdleMiB, 1), fmt(m.rssConnectedMiB, 1), fmt(m.peakRssMiB, 1), fmt(perProxy, 3), fmt(m.cpuConnectS, 2), fmt(m.cpuUpdateS, 2), fmt(m.simulatorCpuUpdateS, 2),
        notes.join('; '),
      ];
    }
    default: {
      const never: never = o;
      return [String(never)];
    }
  }
}
