/**
 * Scheduling priority for latency measurements on a shared machine: `renice` every thread of a process
 * (Linux applies nice values per thread). Negative values need root; failures are reported, not hidden.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

export function reniceProcess(pid: number, nice: number): void {
  const tids = readdirSync(`/proc/${pid}/task`);
  execFileSync('renice', ['-n', String(nice), '-p', ...tids], { stdio: 'ignore' });
}
