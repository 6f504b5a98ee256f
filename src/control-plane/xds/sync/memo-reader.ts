/**
 * A StoreReader that remembers what it read. The sync loop makes one per flush, so builds of many
 * proxies in the same pass share each read (the store cannot change in between: a flush runs
 * synchronously and transactions commit between event-loop turns).
 */
import type { StoredObject, StoreReader } from '../../../store/store.js';

export class MemoStoreReader implements StoreReader {
  readonly #store: StoreReader;
  readonly #gets = new Map<string, StoredObject | undefined>();
  readonly #lists = new Map<string, StoredObject[]>();

  constructor(store: StoreReader) {
    this.#store = store;
  }

  get<V = unknown>(kind: string, key: string): StoredObject<V> | undefined {
    const k = `${kind} ${key}`;
    if (!this.#gets.has(k)) this.#gets.set(k, this.#store.get(kind, key));
    return this.#gets.get(k) as StoredObject<V> | undefined;
  }

  list<V = unknown>(kind: string, prefix = ''): StoredObject<V>[] {
    const k = `${kind} ${prefix}`;
    let hit = this.#lists.get(k);
    if (!hit) this.#lists.set(k, (hit = this.#store.list(kind, prefix)));
    return hit as StoredObject<V>[];
  }
}
