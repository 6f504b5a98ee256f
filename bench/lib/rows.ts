/**
 * A benchmark row: something that accepts HTTP on a loopback port and forwards (or answers) it.
 * Rows are registered in a list (bench/proxy.ts), not switched on; adding a peer is one module.
 *
 * Contract: `start` either returns a running target, or says why this row cannot be measured on this
 * machine or at this commit (`unavailable`) without throwing; a start that fails half-way throws after
 * stopping what it started. `target.close` stops every process the row started.
 */
import type { Listen } from './peer-configs.js';
import type { PinnedProcess } from './launcher.js';
import type { ToolPaths } from './installer.js';

export interface BenchTarget {
  /** `http://host:port` the load generator sends to; paths `/` (12-byte body) and `/1k` (1 KiB body). */
  readonly baseUrl: string;
  /** Host header to send instead of the URL's (for a mesh egress listener that routes by Host). */
  readonly hostHeader?: string;
  /** The proxy processes whose CPU and memory are the row's cost (empty for the direct row). */
  readonly proxies: readonly PinnedProcess[];
  close(): Promise<void>;
}

export type RowStart =
  | { readonly kind: 'ready'; readonly target: BenchTarget }
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface RowContext {
  /** The shared upstream (nginx with a fixed body). */
  readonly upstream: Listen;
  /** A private temporary directory for configs and logs. */
  readonly dir: string;
  readonly tools: Partial<ToolPaths>;
  /** The CPU proxies are pinned to (the load generator and upstream use the other one). */
  readonly proxyCpu: number;
  /** The CPU the upstream, the load generator and helper processes (control plane) are pinned to. */
  readonly helperCpu: number;
  readonly log: (line: string) => void;
  /** When set, Meshwork processes write V8 CPU profiles (`--cpu-prof`) under `<profileDir>/<row>`. */
  readonly profileDir: string | undefined;
  /** When true, Node.js proxies run with `--perf-basic-prof`, so that `perf` names their JIT frames. */
  readonly perfMap?: boolean;
  /**
   * A command Node.js proxies (the Meshwork proxies, the bare relay) run under, e.g. valgrind's, and how
   * long they may then take to start; unset, they run directly with the rows' own deadlines.
   */
  readonly launch?: { readonly prefix: readonly string[]; readonly startTimeoutMs: number };
}

/** `command args` as the row's context launches a Node.js proxy: under `ctx.launch.prefix`, if any. */
export function launchLine(ctx: RowContext, command: string, args: readonly string[]): { command: string; args: string[] } {
  const prefix = ctx.launch?.prefix ?? [];
  return prefix.length === 0 ? { command, args: [...args] } : { command: prefix[0]!, args: [...prefix.slice(1), command, ...args] };
}

/** The node flags `ctx` asks of every Node.js proxy (`--perf-basic-prof` for `--perf`). */
export function nodeFlags(ctx: RowContext): string[] {
  return ctx.perfMap === true ? ['--perf-basic-prof'] : [];
}

export interface BenchRow {
  readonly name: string;
  /** Proxy hops between the load generator and the upstream. */
  readonly hops: number;
  readonly description: string;
  start(ctx: RowContext): Promise<RowStart>;
}
