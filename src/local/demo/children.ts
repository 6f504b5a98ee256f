/**
 * The demo's child processes (`meshwork up`, `meshwork run`, `meshwork apply`): each started through
 * ManagedChild, so on Linux it dies with the demo even when the demo is SIGKILLed, with its output kept
 * (not shown) for waiting on lines such as `ready`. `stopAll` stops every child still running.
 */
import { EventEmitter, once } from 'node:events';
import { Writable } from 'node:stream';
import { ManagedChild, exitStatus } from '../runner/child-process.js';

/** Everything a child printed; `waitFor` resolves on the first match of a pattern, or fails after a deadline. */
export class OutputLog extends Writable {
  text = '';
  readonly #events = new EventEmitter();

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString('utf8');
    this.#events.emit('data');
    cb();
  }

  /** Resolves with the first match of `pattern` in the output so far or to come; rejects after `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000, what = 'output'): Promise<RegExpMatchArray> {
    const signal = AbortSignal.timeout(timeoutMs);
    for (;;) {
      const m = this.text.match(pattern);
      if (m) return m;
      try {
        await once(this.#events, 'data', { signal });
      } catch {
        throw new Error(`${what}: no line matching ${pattern} within ${timeoutMs} ms; its output:\n${this.text.slice(-4000)}`);
      }
    }
  }
}

export interface DemoChild {
  readonly child: ManagedChild;
  readonly log: OutputLog;
}

export class DemoChildren {
  readonly #bin: string;
  readonly #all = new Set<ManagedChild>();
  #closed = false;

  /** `bin` is the meshwork entry point run with this Node.js. */
  constructor(bin: string) {
    this.#bin = bin;
  }

  /** Starts `meshwork <args>`; it is stopped by `stopAll` unless it exits before. */
  start(args: readonly string[]): DemoChild {
    if (this.#closed) throw new Error('the demo is stopping');
    const log = new OutputLog();
    const child = new ManagedChild({ role: 'app', command: process.execPath, args: [this.#bin, ...args], env: process.env, prefix: '', stdout: log, stderr: log });
    this.#all.add(child);
    void child.exited.then(() => this.#all.delete(child));
    return { child, log };
  }

  /** Runs `meshwork <args>` to completion; resolves with its status and output. */
  async run(args: readonly string[]): Promise<{ status: number; output: string }> {
    const { child, log } = this.start(args);
    return { status: exitStatus(await child.exited), output: log.text };
  }

  /** SIGTERM to every child still running but `last`, then to `last`; SIGKILL after `graceMs`. */
  async stopAll(last?: ManagedChild, graceMs = 5000): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#all].filter((c) => c !== last).map((c) => c.stop(graceMs)));
    await last?.stop(graceMs);
  }

  killAll(): void {
    this.#closed = true;
    for (const c of this.#all) c.kill();
  }
}
