/**
 * The ZoneSource the server uses: the snapshot of Cloud Map's DNS namespaces plus local-mode names,
 * built from the store and rebuilt whole whenever the store's revision has moved (so a change is
 * visible to the very next query) or local workloads report a change.
 */
import type { ResourceStore } from '../../store/store.js';
import { addCloudMapZones } from './cloudmap-zones.js';
import { addLocalNames, DEFAULT_VIRTUAL_SERVICE_ADDRESS } from './local-names.js';
import { NO_LOCAL_WORKLOADS, type LocalWorkloads } from './local-workloads.js';
import { SnapshotBuilder } from './snapshot-builder.js';
import type { ZoneSnapshot, ZoneSource } from './zone-data.js';

export interface StoreZoneOptions {
  readonly workloads?: LocalWorkloads;
  /** Address VirtualService names resolve to; default 198.18.0.1. */
  readonly virtualServiceAddress?: string;
}

export class StoreZoneSource implements ZoneSource {
  readonly #store: ResourceStore;
  readonly #workloads: LocalWorkloads;
  readonly #virtualServiceAddress: string;
  #cached: { revision: number; snapshot: ZoneSnapshot } | undefined;

  constructor(store: ResourceStore, options: StoreZoneOptions = {}) {
    this.#store = store;
    this.#workloads = options.workloads ?? NO_LOCAL_WORKLOADS;
    this.#virtualServiceAddress = options.virtualServiceAddress ?? DEFAULT_VIRTUAL_SERVICE_ADDRESS;
  }

  /** Drops the cached snapshot, e.g. when local workloads start or stop. */
  invalidate(): void {
    this.#cached = undefined;
  }

  snapshot(): ZoneSnapshot {
    const revision = this.#store.revision();
    if (this.#cached?.revision === revision) return this.#cached.snapshot;
    const builder = new SnapshotBuilder();
    addCloudMapZones(builder, this.#store, revision);
    addLocalNames(builder, this.#store, { workloads: this.#workloads, virtualServiceAddress: this.#virtualServiceAddress, serial: revision });
    const snapshot = builder.build();
    this.#cached = { revision, snapshot };
    return snapshot;
  }
}
