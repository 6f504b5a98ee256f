/**
 * Idle timeouts for many connections from one timer. A per-socket `setTimeout` costs a timer refresh on
 * every read and every write; instead, connections note when they became idle, and one unref'd interval
 * asks every registered owner to close those idle too long. A timeout fires at most one interval late.
 */

/** An owner of connections that can close its own idle ones. */
export interface IdleOwner {
  /** Closes every connection that has been idle longer than its timeout, as of `now` (ms since epoch). */
  sweepIdle(now: number): void;
}

export class IdleSweeper {
  readonly #owners = new Set<IdleOwner>();
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly intervalMs: number) {}

  add(owner: IdleOwner): void {
    this.#owners.add(owner);
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.sweep(Date.now()), this.intervalMs);
    this.#timer.unref();
  }

  delete(owner: IdleOwner): void {
    this.#owners.delete(owner);
    if (this.#owners.size > 0 || this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One round (the interval's, or a test's with its own `now`). */
  sweep(now: number): void {
    for (const owner of this.#owners) owner.sweepIdle(now);
  }
}

/** The proxy's sweeper: idle keep-alive connections, downstream and upstream, every 250 ms. */
export const idleSweeper = new IdleSweeper(250);
