/** Where and when a benchmark ran: commit, Node, CPUs and load average (the machine may be shared). */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

export interface RunInfo {
  readonly startedAt: string;
  readonly commit: string;
  readonly node: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly loadAvgAtStart: readonly number[];
}

export function runInfo(): RunInfo {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return { startedAt: new Date().toISOString(), commit, node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadAvgAtStart: loadavg() };
}
