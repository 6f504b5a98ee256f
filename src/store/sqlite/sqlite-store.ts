/**
 * The durable ResourceStore: one SQLite file in WAL mode with synchronous=FULL, so a transaction whose
 * promise resolved survives `kill -9` and power loss.
 *
 * - `transact` calls queue behind each other (a promise chain) and each runs inside one
 *   `BEGIN IMMEDIATE` SQLite transaction: a throw rolls back every write. A transaction that writes
 *   nothing commits no revision and emits no events.
 * - The change log keeps the last `retainRevisions` revisions; older ones are dropped in the same
 *   transaction that goes past the limit.
 * - One process per file: the connection keeps the file locked (SQLite EXCLUSIVE locking mode), so a
 *   second process is refused at open instead of racing this one.
 */
import Database from 'better-sqlite3';
import { ConflictError, errorMessage, UnavailableError, ValidationError } from '../../core/errors.js';
import { LogRegistry, type Logger } from '../../core/log.js';
import { ChangeFeed } from '../change-feed.js';
import type { ChangeEvent, ChangeListener, ResourceStore, StoreTx } from '../store.js';
import { checkRevision } from '../write-checks.js';
import { openDatabase } from './schema.js';
import { SqliteReader, Statements } from './statements.js';
import { SqliteTx } from './sqlite-tx.js';

export interface SqliteStoreOptions {
  /** How many revisions of the change log to keep for `watch`/`changesSince` (default 10,000). */
  readonly retainRevisions?: number;
  /** How long to wait for a lock held by another connection, in ms (default 5,000). */
  readonly busyTimeoutMs?: number;
  /** Where listener failures are reported (default: logger `store` on stderr). */
  readonly logger?: Logger;
}

export const DEFAULT_RETAIN_REVISIONS = 10_000;
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

export class SqliteResourceStore extends SqliteReader implements ResourceStore {
  /** The database file. */
  readonly file: string;
  readonly #db: Database.Database;
  readonly #feed: ChangeFeed;
  readonly #retain: number;
  #revision: number;
  #compacted: number;
  readonly #runTx: (tx: SqliteTx, fn: (tx: StoreTx) => unknown) => unknown;
  #tail: Promise<void> = Promise.resolve();
  #closing: Promise<void> | undefined;
  #closed = false;

  /** Opens (or creates) the store in `file`; throws UnavailableError when the file cannot serve as one. */
  constructor(file: string, options: SqliteStoreOptions = {}) {
    const retain = options.retainRevisions ?? DEFAULT_RETAIN_REVISIONS;
    if (!Number.isSafeInteger(retain) || retain < 1) {
      throw new ValidationError([{ field: 'retainRevisions', message: `must be an integer >= 1, got ${String(retain)}` }], {
        subject: 'SQLite store options',
      });
    }
    const db = openDatabase(file, { busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    super(new Statements(db));
    this.#db = db;
    this.file = file;
    this.#retain = retain;
    this.#feed = new ChangeFeed(options.logger ?? new LogRegistry().get('store'));
    this.#revision = this.statements.meta('revision');
    this.#compacted = this.statements.meta('compacted');
    const inTransaction = this.#db.transaction((tx: SqliteTx, fn: (tx: StoreTx) => unknown) => {
      try {
        const result = fn(tx);
        rejectAsync(result);
        this.#writeLog(tx);
        return result;
      } finally {
        tx.end();
      }
    });
    this.#runTx = (tx, fn) => inTransaction.immediate(tx, fn);
  }

  revision(): number {
    this.checkOpen();
    return this.#revision;
  }

  transact<T>(fn: (tx: StoreTx) => T): Promise<T> {
    if (this.#closing !== undefined) return Promise.reject(this.#closedError());
    const run = this.#tail.then(() => this.#commit(fn));
    this.#tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  changesSince(from: number): ChangeEvent[] {
    this.checkOpen();
    checkRevision('from', from);
    if (from < this.#compacted) {
      throw new ConflictError(
        `changes after revision ${from} are no longer kept (the change log starts after revision ${this.#compacted}, ` +
          `current revision ${this.#revision}); list again and watch from the current revision`,
      );
    }
    return this.statements.changesSince(from);
  }

  watch(from: number, listener: ChangeListener): () => void {
    return this.#feed.add(this.changesSince(from), listener);
  }

  /** Lets queued transactions finish, delivers their events, then closes the file. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#tail.then(() => {
      this.#feed.close();
      this.#db.close();
      this.#closed = true;
    });
    return this.#closing;
  }

  #commit<T>(fn: (tx: StoreTx) => T): T {
    const tx = new SqliteTx(this.statements, this.#revision + 1);
    let result: T;
    try {
      result = this.#runTx(tx, fn) as T;
    } catch (err) {
      if (err instanceof Database.SqliteError) {
        throw new UnavailableError(`store ${this.file}: transaction failed: ${errorMessage(err)}`, { cause: err });
      }
      throw err;
    }
    if (tx.events.length > 0) {
      this.#revision = tx.revision;
      this.#compacted = Math.max(this.#compacted, tx.revision - this.#retain);
      this.#feed.publish(tx.events);
    }
    return result;
  }

  #writeLog(tx: SqliteTx): void {
    if (tx.events.length === 0) return;
    tx.events.forEach((event, seq) => this.statements.insertChange(event, seq));
    this.statements.setMeta('revision', tx.revision);
    const compactTo = tx.revision - this.#retain;
    if (compactTo > this.#compacted) {
      this.statements.compact(compactTo);
      this.statements.setMeta('compacted', compactTo);
    }
  }

  protected checkOpen(): void {
    if (this.#closed) throw this.#closedError();
  }

  #closedError(): UnavailableError {
    return new UnavailableError(`store ${this.file} is closed`);
  }
}

/** `fn` must be synchronous: a promise would let it write after the transaction committed. */
function rejectAsync(result: unknown): void {
  if (typeof result !== 'object' || result === null || typeof (result as { then?: unknown }).then !== 'function') return;
  (result as PromiseLike<unknown>).then(undefined, () => undefined);
  throw new ValidationError([{ field: 'fn', message: 'must be synchronous, but it returned a promise; nothing was written' }], {
    subject: 'transact',
  });
}
