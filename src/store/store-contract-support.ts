/**
 * What the store contract suite shares: how a backend under test is opened, a recorder for watch
 * batches that waits on a condition with a deadline, and a logger that keeps its lines.
 */
import { LogRegistry, type Logger } from '../core/log.js';
import type { ChangeEvent, ChangeListener, ResourceStore, StoredObject } from './store.js';

export interface ContractStoreOptions {
  /** How many revisions of the change log to keep. */
  readonly retainRevisions?: number;
  /** Where the store reports listener failures. */
  readonly logger?: Logger;
}

/** Opens a new, empty store. */
export type OpenFresh = (options: ContractStoreOptions) => ResourceStore | Promise<ResourceStore>;
/** Opens again the data of a store that `openFresh` returned and that has been closed. */
export type Reopen = (closed: ResourceStore, options: ContractStoreOptions) => ResourceStore | Promise<ResourceStore>;

export interface StoreContractBackend {
  readonly openFresh: OpenFresh;
  readonly reopen: Reopen;
}

const WAIT_MS = 2_000;

/** Records every batch a watcher receives. */
export class Recorder {
  readonly batches: (readonly ChangeEvent[])[] = [];
  readonly #waiters: Array<() => void> = [];

  readonly listener: ChangeListener = (batch) => {
    this.batches.push(batch);
    for (const wake of this.#waiters.splice(0)) wake();
  };

  /** The revision of each batch received, in order. */
  revisions(): number[] {
    return this.batches.map((b) => b[0]?.revision ?? -1);
  }

  /** Resolves once `count` batches have arrived; rejects after a deadline. */
  async until(count: number): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (this.batches.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} batches within ${WAIT_MS} ms, got ${this.batches.length}: revisions ${this.revisions().join(',')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** A logger that keeps what it writes. */
export function memoryLogger(): { readonly logger: Logger; readonly lines: string[] } {
  const lines: string[] = [];
  const logger = new LogRegistry('info', (line) => lines.push(line)).get('store');
  return { logger, lines };
}

export function keysOf(objects: readonly StoredObject[]): string[] {
  return objects.map((o) => o.key);
}

/** A short summary of events, easy to compare: `3 put K a v2`. */
export function summarize(events: readonly ChangeEvent[]): string[] {
  return events.map((e) => `${e.revision} ${e.type} ${e.kind} ${e.key} v${e.object?.version ?? e.previous?.version ?? 0}`);
}
