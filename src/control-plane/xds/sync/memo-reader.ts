/**
 * A StoreReader that remembers what it read until told that it changed. The sync loop keeps one for its
 * lifetime and calls `invalidate` for every change event before it marks builds dirty, so builds of many
 * proxies share each read (a connect storm of 1,000 proxies over 100 virtual nodes reads the mesh, its
 * routers and services once), and a rebuild after a change reads from the store only what changed.
 *
 * Stored objects are deep-frozen (the ResourceStore contract), so sharing them is safe. Change events
 * arrive after their commit: a build that reads a remembered value in between is rebuilt when the event
 * arrives, because its dependencies name the key.
 */
import type { StoredObject, StoreReader } from '../../../store/store.js';

export class MemoStoreReader implements StoreReader {
  readonly #store: StoreReader;
  readonly #gets = new Map<string, StoredObject | undefined>();
  /** kind → prefix → the listed objects. */
  readonly #lists = new Map<string, Map<string, StoredObject[]>>();

  constructor(store: StoreReader) {
    this.#store = store;
  }

  get<V = unknown>(kind: string, key: string): StoredObject<V> | undefined {
    const k = `${kind} ${key}`;
    if (!this.#gets.has(k)) this.#gets.set(k, this.#store.get(kind, key));
    return this.#gets.get(k) as StoredObject<V> | undefined;
  }

  list<V = unknown>(kind: string, prefix = ''): StoredObject<V>[] {
    let ofKind = this.#lists.get(kind);
    if (!ofKind) this.#lists.set(kind, (ofKind = new Map()));
    let hit = ofKind.get(prefix);
    if (!hit) ofKind.set(prefix, (hit = this.#store.list(kind, prefix)));
    return hit as StoredObject<V>[];
  }

  /** Forgets `key` of `kind` and every list of `kind` that could hold it (its prefix starts the key). */
  invalidate(kind: string, key: string): void {
    this.#gets.delete(`${kind} ${key}`);
    const ofKind = this.#lists.get(kind);
    if (!ofKind) return;
    for (const prefix of ofKind.keys()) if (key.startsWith(prefix)) ofKind.delete(prefix);
  }
}
