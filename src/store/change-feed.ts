/**
 * The delivery side of a store's change feed, shared by every backend.
 *
 * Contract:
 * - Each watcher receives batches, one per committed revision, in commit order: first the backlog it was
 *   added with, then every batch published after it was added.
 * - Delivery is asynchronous (a microtask), never from inside `add` or `publish`, so a listener may call
 *   back into the store (even `transact`) and an unsubscribe function always exists before the first call.
 * - A listener that throws is logged; it keeps its subscription and no other watcher notices.
 * - After unsubscribe, the listener is never called again, not even for batches already queued.
 */
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { ChangeEvent, ChangeListener } from './store.js';

interface Watcher {
  readonly listener: ChangeListener;
  readonly queue: (readonly ChangeEvent[])[];
  scheduled: boolean;
  active: boolean;
}

/** Splits revision-ordered events into one frozen batch per revision. */
export function batchesByRevision(events: readonly ChangeEvent[]): (readonly ChangeEvent[])[] {
  const batches: ChangeEvent[][] = [];
  let current: ChangeEvent[] | undefined;
  for (const event of events) {
    if (current === undefined || current[0]?.revision !== event.revision) {
      current = [];
      batches.push(current);
    }
    current.push(event);
  }
  return batches.map((b) => Object.freeze(b));
}

export class ChangeFeed {
  readonly #log: Logger;
  readonly #watchers = new Set<Watcher>();

  constructor(log: Logger) {
    this.#log = log;
  }

  /** Adds a watcher that first receives `backlog` (revision-ordered events); returns its unsubscribe function. */
  add(backlog: readonly ChangeEvent[], listener: ChangeListener): () => void {
    const watcher: Watcher = { listener, queue: batchesByRevision(backlog), scheduled: false, active: true };
    this.#watchers.add(watcher);
    this.#schedule(watcher);
    return () => {
      watcher.active = false;
      watcher.queue.length = 0;
      this.#watchers.delete(watcher);
    };
  }

  /** Queues one committed revision's events for every watcher. */
  publish(batch: readonly ChangeEvent[]): void {
    if (batch.length === 0) return;
    const frozen = Object.isFrozen(batch) ? batch : Object.freeze([...batch]);
    for (const watcher of this.#watchers) {
      watcher.queue.push(frozen);
      this.#schedule(watcher);
    }
  }

  /** Number of live watchers. */
  get size(): number {
    return this.#watchers.size;
  }

  /** Delivers whatever is queued, then drops every watcher. */
  close(): void {
    for (const watcher of this.#watchers) this.#flush(watcher);
    for (const watcher of this.#watchers) watcher.active = false;
    this.#watchers.clear();
  }

  #schedule(watcher: Watcher): void {
    if (watcher.scheduled || watcher.queue.length === 0) return;
    watcher.scheduled = true;
    queueMicrotask(() => this.#flush(watcher));
  }

  #flush(watcher: Watcher): void {
    watcher.scheduled = false;
    while (watcher.active) {
      const batch = watcher.queue.shift();
      if (batch === undefined) return;
      try {
        watcher.listener(batch);
      } catch (err) {
        this.#log.error(`change listener failed at revision ${batch[0]?.revision ?? '?'}: ${errorMessage(err)}`);
      }
    }
  }
}
