/**
 * Per-process CPU time and memory from Linux /proc, for a process and all its descendants
 * (nginx and HAProxy may fork workers; a Node process is one entry).
 *
 * - CPU seconds: `utime + stime` of /proc/<pid>/stat (fields 14 and 15), in clock ticks (`getconf CLK_TCK`).
 * - Peak RSS: `VmHWM` of /proc/<pid>/status (the high-water mark of resident memory), summed over the tree.
 * - Private memory: `RssAnon` of /proc/<pid>/status (resident anonymous pages: the heap, stacks, JIT code),
 *   summed over the tree. RSS also counts the pages of the executable and libraries, which every process
 *   running the same binary shares; the private part is what one more proxy adds to a host.
 * Parsers are pure and table-tested; `sampleTree` is the only part that reads the filesystem.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface StatFields {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, in clock ticks. */
  readonly cpuTicks: number;
}

/** Reads /proc/<pid>/stat. The command name may contain spaces and parentheses: fields start after the last ')'. */
export function parseProcStat(text: string): StatFields | undefined {
  const close = text.lastIndexOf(')');
  const pid = Number.parseInt(text, 10);
  if (close < 0 || !Number.isInteger(pid)) return undefined;
  const rest = text.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const ppid = Number(rest[1]);
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (![ppid, utime, stime].every(Number.isFinite)) return undefined;
  return { pid, ppid, cpuTicks: utime + stime };
}

/** Reads one `Key:   123 kB` line of /proc/<pid>/status, in KiB; undefined when absent (kernel threads, zombies). */
export function parseStatusKiB(text: string, key: 'VmHWM' | 'VmRSS' | 'RssAnon'): number | undefined {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The pids of `root` and all its descendants, given every process's (pid, ppid). */
export function descendants(root: number, all: readonly StatFields[]): number[] {
  const children = new Map<number, number[]>();
  for (const s of all) {
    const list = children.get(s.ppid);
    if (list) list.push(s.pid);
    else children.set(s.ppid, [s.pid]);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

export interface TreeSample {
  readonly pids: readonly number[];
  readonly cpuS: number;
  readonly peakRssKiB: number;
  readonly rssKiB: number;
  readonly privateKiB: number;
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    const out = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    clockTicks = Number.isFinite(out) && out > 0 ? out : 100;
  }
  return clockTicks;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process exited between listing and reading
  }
}

/** The stat fields of every process running now. */
function allProcesses(): StatFields[] {
  const all: StatFields[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const text = readOrUndefined(`/proc/${name}/stat`);
    const s = text === undefined ? undefined : parseProcStat(text);
    if (s) all.push(s);
  }
  return all;
}

/** The pids of `root` and its descendants, now. */
export function processTree(root: number): number[] {
  return descendants(root, allProcesses());
}

/** CPU seconds and memory of `root` and its descendants, now. */
export function sampleTree(root: number): TreeSample {
  const all = allProcesses();
  const byPid = new Map(all.map((s) => [s.pid, s]));
  const pids = descendants(root, all).filter((p) => byPid.has(p));
  let ticks = 0;
  let peak = 0;
  let rss = 0;
  let priv = 0;
  for (const pid of pids) {
    ticks += byPid.get(pid)!.cpuTicks;
    const status = readOrUndefined(`/proc/${pid}/status`) ?? '';
    peak += parseStatusKiB(status, 'VmHWM') ?? 0;
    rss += parseStatusKiB(status, 'VmRSS') ?? 0;
    priv += parseStatusKiB(status, 'RssAnon') ?? 0;
  }
  return { pids, cpuS: ticks / ticksPerSecond(), peakRssKiB: peak, rssKiB: rss, privateKiB: priv };
}

/**
 * The largest private memory (RssAnon) each of `pids` reaches while it runs: the kernel keeps a
 * high-water mark for the whole RSS only, so this samples every `everyMs` until `stop()`.
 */
export function watchPrivateMemory(pids: readonly number[], everyMs = 250): { stop(): number[] } {
  const peaks = pids.map(() => 0);
  const sample = () => {
    pids.forEach((pid, i) => {
      const kib = parseStatusKiB(readOrUndefined(`/proc/${pid}/status`) ?? '', 'RssAnon') ?? 0;
      peaks[i] = Math.max(peaks[i]!, kib);
    });
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}
