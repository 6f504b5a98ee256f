/**
 * The durable state of the control plane: App Mesh resources, Cloud Map namespaces, services,
 * instances and operations, and the Kubernetes objects local mode honours, all as JSON values
 * under (kind, key).
 *
 * Contract (every backend passes `store-contract.ts`):
 * - Reads (`get`, `list`) are synchronous and see every committed transaction.
 * - `transact(fn)` runs `fn` against the current state. `fn` is synchronous (returning a promise is a
 *   ValidationError and writes nothing); it may read its own writes; its `tx` is unusable once it returns.
 *   If `fn` throws, nothing it wrote is kept and the error is rethrown. Otherwise all its writes commit
 *   atomically, durably (they survive `kill -9` once the promise resolves), under one new revision; a
 *   transaction that writes nothing commits no revision. Transactions are serialised: no two interleave,
 *   and a `transact` called inside `fn` runs after it commits.
 * - Values are plain JSON (anything else is a ValidationError). Callers cannot change stored state by
 *   mutating what they wrote or read: backends hand out deep-frozen copies.
 * - Every object carries `version` (1 on create, +1 per put) and the revisions it was created and last
 *   modified at. `put`/`delete` take an optional expected version: 0 means "must not exist". A mismatch
 *   throws `ConflictError`.
 * - The change feed is ordered by revision. `watch(from, fn)` first delivers every change after `from`
 *   that the store still holds (one batch per revision), then each new transaction's changes as one
 *   batch, in commit order, once durable. Delivery is asynchronous: never from inside `watch` or
 *   `transact`. A `from` older than the oldest retained change throws `ConflictError` (the watcher must
 *   re-list). A listener that throws is logged and stays subscribed; other watchers are unaffected.
 */

export interface StoredObject<V = unknown> {
  readonly kind: string;
  readonly key: string;
  readonly value: V;
  readonly version: number;
  readonly createRevision: number;
  readonly modRevision: number;
}

export interface ChangeEvent {
  readonly revision: number;
  readonly type: 'put' | 'delete';
  readonly kind: string;
  readonly key: string;
  /** The object after a put; undefined after a delete. */
  readonly object: StoredObject | undefined;
  /** The object before the change; undefined when a put created it. */
  readonly previous: StoredObject | undefined;
}

export interface WriteOptions {
  /** 0 = the object must not exist yet; n > 0 = the object must be at version n. */
  readonly expectedVersion?: number;
}

export interface StoreReader {
  get<V = unknown>(kind: string, key: string): StoredObject<V> | undefined;
  /** Objects of one kind, sorted by key in Unicode code point order; only keys starting with `prefix` when given. */
  list<V = unknown>(kind: string, prefix?: string): StoredObject<V>[];
}

export interface StoreTx extends StoreReader {
  put<V>(kind: string, key: string, value: V, options?: WriteOptions): StoredObject<V>;
  /** Returns the deleted object, or undefined when there was none (and no expected version was given). */
  delete(kind: string, key: string, options?: WriteOptions): StoredObject | undefined;
}

export type ChangeListener = (events: readonly ChangeEvent[]) => void;

export interface ResourceStore extends StoreReader {
  /** The revision of the last committed transaction (0 for an empty store). */
  revision(): number;
  transact<T>(fn: (tx: StoreTx) => T): Promise<T>;
  /** Changes with revision > `from`, oldest first. */
  changesSince(from: number): ChangeEvent[];
  /** Returns an unsubscribe function. Listener errors are caught and logged, never break the store. */
  watch(from: number, listener: ChangeListener): () => void;
  close(): Promise<void>;
}
