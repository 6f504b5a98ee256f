/**
 * One child of a workload (the app or its sidecar): started with its output prefixed into ours,
 * stopped with SIGTERM then, after a grace period, SIGKILL. On Linux the child is started through
 * util-linux `setpriv --pdeathsig KILL` when it is installed, so it dies with the runner even when the
 * runner itself is SIGKILLed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Writable } from 'node:stream';
import { LinePrefixer } from './log-prefix.js';

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ChildSpec {
  readonly role: 'app' | 'envoy';
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly prefix: string;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Extra `setpriv` options (transparent mode runs the sidecar with the proxy's gid, and uid if one is set). */
  readonly setprivArgs?: readonly string[];
  /** Wraps the final command line (transparent mode: `ip netns exec <ns> …`). */
  readonly wrap?: (argv: readonly string[]) => readonly string[];
}

/** Finds an executable on PATH. */
export function which(name: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const SETPRIV = process.platform === 'linux' ? which('setpriv') : undefined;

/**
 * `argv` run under `setpriv --pdeathsig KILL` (with `setprivArgs`) where util-linux's setpriv is
 * installed, so the process is killed when the process that started it dies, even by SIGKILL; `argv`
 * unchanged elsewhere. setpriv execs the command: the child keeps its pid.
 */
export function dieWithParent(argv: readonly string[], setprivArgs: readonly string[] = []): readonly string[] {
  return SETPRIV ? [SETPRIV, '--pdeathsig', 'KILL', ...setprivArgs, '--', ...argv] : argv;
}

/** Exit status as a shell reports it: the code, or 128 + signal number. */
export function exitStatus(exit: ChildExit): number {
  if (exit.code !== null) return exit.code;
  const signals: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15 };
  return 128 + (exit.signal ? (signals[exit.signal] ?? 1) : 1);
}

export function describeExit(exit: ChildExit): string {
  return exit.code !== null ? `exited with code ${exit.code}` : `was killed by ${exit.signal ?? 'a signal'}`;
}

export class ManagedChild {
  readonly role: 'app' | 'envoy';
  readonly exited: Promise<ChildExit>;
  readonly #child: ChildProcess;
  #exit: ChildExit | undefined;

  constructor(spec: ChildSpec) {
    this.role = spec.role;
    let argv = dieWithParent([spec.command, ...spec.args], spec.setprivArgs);
    if (spec.wrap) argv = spec.wrap(argv);
    this.#child = spawn(argv[0]!, argv.slice(1), { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child.stdout!.pipe(new LinePrefixer(spec.prefix)).pipe(spec.stdout, { end: false });
    this.#child.stderr!.pipe(new LinePrefixer(spec.prefix)).pipe(spec.stderr, { end: false });
    this.exited = new Promise((resolve) => {
      this.#child.once('error', (err: NodeJS.ErrnoException) => {
        spec.stderr.write(`${spec.prefix}cannot start ${spec.command}: ${err.code === 'ENOENT' ? 'command not found' : err.message}\n`);
        this.#exit = { code: 127, signal: null };
        resolve(this.#exit);
      });
      this.#child.once('close', (code, signal) => {
        this.#exit ??= { code, signal };
        resolve(this.#exit);
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return this.#exit === undefined;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
  async stop(graceMs: number): Promise<ChildExit> {
    if (this.#exit) return this.#exit;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  kill(): void {
    if (!this.#exit) this.#child.kill('SIGKILL');
  }
}
