/**
 * The two loads of the data-plane benchmark, each run by its tool pinned to the helper CPU:
 * - saturation: `wrk -t1 -c50`, GET `/` (12-byte body), keep-alive, as fast as the row answers;
 * - fixed: `hey` at a fixed total rate (default 1,000 req/s) over 16 connections, POST `/1k` with a
 *   1 KiB request body, answered with a 1 KiB body.
 * A load is a registry entry: name, how to build the command, how to read its output.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TimeoutError, UnavailableError } from '../../src/core/errors.js';
import { heyArgs, parseHeyOutput } from './hey.js';
import type { LoadResult } from './load-result.js';
import type { LoadName } from './proxy-report.js';
import type { BenchTarget } from './rows.js';
import { wrkArgs, parseWrkOutput } from './wrk.js';

const run = promisify(execFile);

export interface LoadSettings {
  readonly durationS: number;
  readonly runs: number;
  readonly connections: number;
  /** Total request rate for the fixed load; unused by saturation. */
  readonly rps: number;
}

export interface LoadDefinition {
  readonly name: LoadName;
  readonly tool: 'wrk' | 'hey';
  readonly describe: (s: LoadSettings) => string;
  readonly args: (target: BenchTarget, s: LoadSettings, bodyFile: string) => string[];
  readonly parse: (output: string) => LoadResult;
}

export const LOADS: readonly LoadDefinition[] = [
  {
    name: 'saturation',
    tool: 'wrk',
    describe: (s) => `wrk -t1 -c${s.connections} -d${s.durationS}s, GET 12-byte body, keep-alive, median of ${s.runs}`,
    args: (t, s) => wrkArgs({ url: `${t.baseUrl}/`, connections: s.connections, threads: 1, durationS: s.durationS, headers: t.hostHeader ? [`Host: ${t.hostHeader}`] : [] }),
    parse: parseWrkOutput,
  },
  {
    name: 'fixed',
    tool: 'hey',
    describe: (s) => `hey ${s.rps} req/s over ${s.connections} connections for ${s.durationS}s, POST 1 KiB body → 1 KiB response, median of ${s.runs}`,
    args: (t, s, bodyFile) =>
      heyArgs({ url: `${t.baseUrl}/1k`, totalRps: s.rps, connections: s.connections, durationS: s.durationS, method: 'POST', bodyFile, ...(t.hostHeader ? { host: t.hostHeader } : {}) }),
    parse: parseHeyOutput,
  },
];

/** Runs one load once with its tool pinned to `cpu`; returns what the tool measured. */
export async function runLoadOnce(load: LoadDefinition, toolPath: string, cpu: number, target: BenchTarget, s: LoadSettings, bodyFile: string): Promise<LoadResult> {
  const args = ['-c', String(cpu), toolPath, ...load.args(target, s, bodyFile)];
  try {
    const { stdout } = await run('taskset', args, { maxBuffer: 16 * 1024 * 1024, timeout: (s.durationS + 60) * 1000 });
    return load.parse(stdout);
  } catch (err) {
    const e = err as { killed?: boolean; stdout?: string; stderr?: string; message: string };
    if (e.killed) throw new TimeoutError(`${load.tool} did not finish within ${s.durationS + 60} s`, { cause: err });
    if (e.stdout !== undefined) throw new UnavailableError(`${load.tool} failed: ${e.message}\n${e.stderr ?? ''}${e.stdout}`.slice(0, 1200), { cause: err });
    throw err;
  }
}
