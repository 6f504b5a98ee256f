/**
 * Collects zones and names into a ZoneSnapshot. The first entry added for a name wins, so sources
 * are added in priority order (Cloud Map records before local-mode names).
 */
import type { DnsZone, NameEntry, ZoneSnapshot } from './zone-data.js';
import { normalizeName } from './zone-data.js';

export class SnapshotBuilder {
  readonly #zones = new Map<string, DnsZone>();
  readonly #names = new Map<string, NameEntry>();

  hasZone(origin: string): boolean {
    return this.#zones.has(normalizeName(origin));
  }

  addZone(zone: DnsZone): void {
    const origin = normalizeName(zone.origin);
    if (!this.#zones.has(origin)) this.#zones.set(origin, { ...zone, origin });
  }

  /** The origin of the most specific zone added so far that contains `name`. */
  zoneOf(name: string): string | undefined {
    let candidate = normalizeName(name);
    for (;;) {
      if (this.#zones.has(candidate)) return candidate;
      const dot = candidate.indexOf('.');
      if (dot < 0) return undefined;
      candidate = candidate.slice(dot + 1);
    }
  }

  /** Adds `entry` at `name` unless the name is taken; returns whether it was added. */
  addName(name: string, entry: NameEntry): boolean {
    const key = normalizeName(name);
    if (this.#names.has(key)) return false;
    this.#names.set(key, entry);
    return true;
  }

  has(name: string): boolean {
    return this.#names.has(normalizeName(name));
  }

  build(): ZoneSnapshot {
    const interior = new Set<string>();
    for (const [name, entry] of this.#names) {
      let parent = name;
      for (;;) {
        const dot = parent.indexOf('.');
        if (dot < 0) break;
        parent = parent.slice(dot + 1);
        if (parent.length < entry.zone.length) break;
        interior.add(parent);
      }
    }
    return { zones: this.#zones, names: this.#names, interior };
  }
}
