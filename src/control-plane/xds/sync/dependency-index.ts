/**
 * Which watchers depend on which store keys: exact `kind key` pairs and key prefixes (child lists
 * such as a router's routes). Answers "who is affected by this change" without rebuilding anyone.
 */
import { depKey, type Dependencies } from '../builder/mesh-view.js';

export class DependencyIndex<T> {
  readonly #exact = new Map<string, Set<T>>();
  readonly #prefixes = new Map<string, Set<T>>();
  readonly #of = new Map<T, Dependencies>();

  set(owner: T, deps: Dependencies): void {
    this.delete(owner);
    this.#of.set(owner, deps);
    for (const k of deps.keys) add(this.#exact, k, owner);
    for (const p of deps.prefixes) add(this.#prefixes, p, owner);
  }

  delete(owner: T): void {
    const deps = this.#of.get(owner);
    if (!deps) return;
    this.#of.delete(owner);
    for (const k of deps.keys) remove(this.#exact, k, owner);
    for (const p of deps.prefixes) remove(this.#prefixes, p, owner);
  }

  /** Owners whose build read `key` of `kind`, or listed a prefix of it. */
  affected(kind: string, key: string, into: Set<T>): void {
    for (const o of this.#exact.get(depKey(kind, key)) ?? []) into.add(o);
    const full = depKey(kind, key);
    for (const [prefix, owners] of this.#prefixes) {
      if (full.startsWith(prefix)) for (const o of owners) into.add(o);
    }
  }
}

function add<T>(m: Map<string, Set<T>>, k: string, v: T): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(v);
}

function remove<T>(m: Map<string, Set<T>>, k: string, v: T): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(v);
  if (s.size === 0) m.delete(k);
}
