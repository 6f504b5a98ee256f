/**
 * `--perf` of bench:proxy: one `perf record -F <freq> -e cpu-clock -g` per row × load × round × proxy
 * process (with its child processes, for nginx's worker), pinned to the helper CPU so that perf's own work
 * does not land on the proxies' CPU, during one measured run only (perf record cannot append, and the
 * rounds interleave the rows' runs); stopped with SIGINT and waited
 * for. A recording that cannot start or does not end cleanly (perf_event_paranoid, a container without
 * perf events) is a failure message, never an exception: the benchmark's own figures do not depend on it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { PinnedProcess } from './launcher.js';
import type { LoadSampler } from './measure-rounds.js';
import { processTree } from './proc-stats.js';

const START_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 60_000;
const POLL_MS = 10;
const STDERR_TAIL = 2_000;

/** A recording that perf wrote completely. */
export interface PerfRecording {
  readonly row: string;
  readonly load: string;
  /** The round of the run recorded (from 1). */
  readonly round: number;
  readonly process: string;
  readonly pids: readonly number[];
  readonly file: string;
  /** The recorded process's executable, as perf names its dso (`/usr/bin/node`). */
  readonly binary: string;
}

export interface PerfSamplerOptions {
  readonly perf: string;
  readonly freq: number;
  /** `<out>/perf/<runStamp>`; recordings go to `<dir>/<row>/<load>-<process>-r<round>.data`. */
  readonly dir: string;
  /** The CPU perf itself runs on. */
  readonly cpu: number;
  readonly log: (line: string) => void;
}

type Stop = () => Promise<void>;

export class PerfSampler implements LoadSampler {
  readonly recordings: PerfRecording[] = [];
  readonly failures: string[] = [];
  /** Every process sampling was tried on (pid → its row's directory), recorded or not. */
  readonly sampled = new Map<number, string>();
  readonly #o: PerfSamplerOptions;

  constructor(o: PerfSamplerOptions) {
    this.#o = o;
  }

  async start(row: string, load: string, round: number, proxies: readonly PinnedProcess[]): Promise<Stop> {
    const stops = await Promise.all(proxies.map((p) => this.#record(row, load, round, p)));
    return async () => {
      await Promise.all(stops.map((stop) => stop()));
    };
  }

  #fail(what: string, why: string): Stop {
    const message = `perf record of ${what} failed: ${why.trim().replace(/\s*\n\s*/g, ' ')}`;
    this.#o.log(message);
    this.failures.push(message);
    return async () => {};
  }

  async #record(row: string, load: string, round: number, proxy: PinnedProcess): Promise<Stop> {
    const what = `${row} ${load} round ${round} ${proxy.name}`;
    const pids = processTree(proxy.pid);
    const dir = join(this.#o.dir, row);
    mkdirSync(dir, { recursive: true });
    for (const pid of pids) this.sampled.set(pid, dir);
    const file = join(dir, `${load}-${proxy.name}-r${round}.data`);
    let binary: string;
    try {
      binary = readlinkSync(`/proc/${proxy.pid}/exe`);
    } catch (err) {
      return this.#fail(what, `cannot read /proc/${proxy.pid}/exe: ${err instanceof Error ? err.message : String(err)}`);
    }
    const args = ['-c', String(this.#o.cpu), this.#o.perf, 'record', '-F', String(this.#o.freq), '-e', 'cpu-clock', '-g', '-p', pids.join(','), '-o', file];
    const child = spawn('taskset', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-STDERR_TAIL)));
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const exited = new Promise<void>((resolve) => {
      child.once('error', (err) => {
        stderr += err.message;
        exit = { code: null, signal: null };
        resolve();
      });
      child.once('exit', (code, signal) => {
        exit = { code, signal };
        resolve();
      });
    });
    // perf creates its output file once it has parsed its arguments and found the processes.
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (exit === undefined && !existsSync(file) && Date.now() < deadline) await delay(POLL_MS);
    if (exit !== undefined) return this.#fail(what, `perf exited at start (${exit.code ?? exit.signal}): ${stderr}`);
    if (!existsSync(file)) {
      child.kill('SIGKILL');
      await exited;
      return this.#fail(what, `perf did not start within ${START_TIMEOUT_MS / 1000} s: ${stderr}`);
    }
    return async () => {
      if (exit === undefined) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
      // perf record writes the file, then ends with 0 (its process exited) or re-raises the SIGINT.
      const clean = exit !== undefined && (exit.code === 0 || exit.code === 130 || exit.signal === 'SIGINT') && statSync(file).size > 0;
      if (!clean) {
        this.#fail(what, `perf ended with ${exit?.code ?? exit?.signal}: ${stderr}`);
        return;
      }
      this.recordings.push({ row, load, round, process: proxy.name, pids, file, binary });
    };
  }
}
