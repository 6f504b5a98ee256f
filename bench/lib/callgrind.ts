/**
 * Counting the instructions a process executes over a stretch of its life, with valgrind's callgrind:
 * the process runs under `callgrindPrefix` with counting off; `counted` turns counting on with the
 * counters at zero, runs the work, dumps, turns counting off and returns the instructions executed in
 * between (every thread of the process, user space only: kernel work is not counted, and neither is
 * time spent waiting, so another load on the machine does not move the figure).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The command prefix that runs a program under callgrind, dumps going to `dir` (V8's JIT code needs the self-modifying-code check). */
export function callgrindPrefix(valgrind: string, dir: string): string[] {
  return [valgrind, '--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', `--callgrind-out-file=${join(dir, 'callgrind.%p')}`];
}

/** The instruction total of a callgrind dump (its `summary:` or `totals:` line). */
export function dumpTotal(text: string): number {
  const m = /^(?:summary|totals): (\d+)/m.exec(text);
  if (m === null) throw new Error('no summary or totals line in the callgrind dump');
  return Number(m[1]);
}

/** Instructions process `pid` (running under callgrindPrefix with `dir`) executes while `work` runs. */
export async function counted(pid: number, dir: string, work: () => Promise<void>): Promise<number> {
  const control = (...args: string[]) => run('callgrind_control', [...args, String(pid)]);
  for (const f of dumps(dir, pid)) rmSync(join(dir, f));
  await control('--instr=on');
  await control('--zero');
  await work();
  await control('--dump=measured');
  await control('--instr=off');
  const files = dumps(dir, pid);
  if (files.length !== 1) throw new Error(`expected one callgrind dump of process ${pid} in ${dir}, found ${files.length}`);
  return dumpTotal(readFileSync(join(dir, files[0]!), 'utf8'));
}

/** The numbered dumps `callgrind_control --dump` wrote for `pid` (not the final one written at exit). */
function dumps(dir: string, pid: number): string[] {
  return readdirSync(dir).filter((f) => f.startsWith(`callgrind.${pid}.`));
}
