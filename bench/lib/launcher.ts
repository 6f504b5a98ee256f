/**
 * PinnedProcess: a benchmarked process (upstream, proxy, control plane) started under `taskset -c <cpu>`
 * so proxies and load generators do not share a core, with a readiness check and a clean stop.
 *
 * Contract: `start` resolves once `ready` (a TCP connect, or a custom probe) succeeds, and rejects with
 * the tail of the process's output if it exits first or the deadline passes. `close` sends SIGTERM and
 * waits for exit (SIGKILL after `stopTimeoutMs`); `destroy` sends SIGKILL. `pid` is the process itself:
 * taskset execs the command, so no wrapper process sits in between.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Component } from '../../src/core/lifecycle.js';
import { TimeoutError, UnavailableError } from '../../src/core/errors.js';
import { httpOk, tcpAccepts } from '../../src/local/runner/readiness.js';

/** Readiness probes shared with local mode's runner. */
export { httpOk, tcpAccepts };

export interface LaunchSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** CPU to pin to (taskset -c); undefined runs unpinned. */
  readonly cpu?: number | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** Ready when this TCP address accepts a connection. */
  readonly ready: { readonly host: string; readonly port: number } | (() => Promise<boolean>);
  readonly readyTimeoutMs?: number;
  readonly stopTimeoutMs?: number;
}

const OUTPUT_TAIL = 4000;
const POLL_MS = 50;

export class PinnedProcess implements Component {
  readonly name: string;
  readonly #spec: LaunchSpec;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #output = '';

  constructor(spec: LaunchSpec) {
    this.name = spec.name;
    this.#spec = spec;
  }

  get pid(): number {
    const pid = this.#child?.pid;
    if (pid === undefined) throw new UnavailableError(`${this.name} is not running`);
    return pid;
  }

  /** The last few KiB of the process's stdout and stderr, for error messages. */
  get output(): string {
    return this.#output;
  }

  async start(): Promise<void> {
    const s = this.#spec;
    const [cmd, args] = s.cpu === undefined ? [s.command, [...s.args]] : ['taskset', ['-c', String(s.cpu), s.command, ...s.args]];
    const child = spawn(cmd, args, { env: s.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    const keep = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exitCode: number | string | null | undefined;
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        exitCode = code ?? signal;
        resolve();
      });
      child.once('error', (err) => {
        exitCode = err.message;
        resolve();
      });
    });
    const probe = typeof s.ready === 'function' ? s.ready : () => tcpAccepts((s.ready as { host: string }).host, (s.ready as { port: number }).port);
    const deadline = Date.now() + (s.readyTimeoutMs ?? 15_000);
    while (Date.now() < deadline) {
      if (exitCode !== undefined) {
        throw new UnavailableError(`${this.name} exited (${String(exitCode)}) before it was ready:\n${this.#output}`);
      }
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    this.destroy();
    throw new TimeoutError(`${this.name} not ready within ${s.readyTimeoutMs ?? 15_000} ms:\n${this.#output}`);
  }

  async close(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.#spec.stopTimeoutMs ?? 5000);
    await this.#exited;
    clearTimeout(timer);
  }

  destroy(): void {
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
