/**
 * Keeps every connected proxy's snapshot current. Proxies with the same identity (node, mesh,
 * interception mode, addresses) share one build. Each build records the store keys it read; a store
 * change rebuilds only the builds that read the changed key (or list its parent). Flushes are at least
 * DEFAULT_DEBOUNCE_MS apart: a change after a quiet spell is flushed at once (with every change that
 * arrived in the same turn), and changes arriving sooner after a flush are folded into one flush when
 * that interval is up. An endpoint change
 * rebuilds builds with endpoints; since only their load assignments differ, only EDS goes out.
 * A flush yields to the event loop every FLUSH_SLICE_MS, so the responses already written reach their
 * proxies while the remaining builds are rebuilt.
 */
import { performance } from 'node:perf_hooks';
import { systemClock, type Clock } from '../../../core/clock.js';
import { describeRef, errorMessage } from '../../../core/errors.js';
import type { Component } from '../../../core/lifecycle.js';
import type { Logger } from '../../../core/log.js';
import type { ChangeEvent, ResourceStore } from '../../../store/store.js';
import type { EndpointSource } from '../../registry/endpoints.js';
import { buildSnapshot } from '../builder/builder.js';
import { emptyDependencies, StoreMeshView } from '../builder/mesh-view.js';
import type { ProxyIdentity } from '../builder/model.js';
import type { SnapshotProvider, SnapshotUpdate } from '../server/provider.js';
import { PreparedCache, prepareSnapshot } from '../server/snapshot.js';
import { DependencyIndex } from './dependency-index.js';
import { MemoStoreReader } from './memo-reader.js';
import { SharedPartCache } from './shared-parts.js';

export const DEFAULT_DEBOUNCE_MS = 10;
/** Work done by a flush before it lets queued socket writes and requests run. */
export const FLUSH_SLICE_MS = 5;

export interface SnapshotSyncOptions {
  readonly store: ResourceStore;
  readonly endpoints: EndpointSource;
  readonly log: Logger;
  /** Least time between the starts of two flushes (default DEFAULT_DEBOUNCE_MS). */
  readonly debounceMs?: number;
  /** How long a flush works before it yields (default FLUSH_SLICE_MS; 0 yields after every build). */
  readonly flushSliceMs?: number;
  readonly clock?: Clock;
}

interface Build {
  readonly key: string;
  readonly identity: ProxyIdentity;
  readonly watchers: Set<(u: SnapshotUpdate) => void>;
  update: SnapshotUpdate;
  hasEndpoints: boolean;
}

/** Proxies whose builds would be equal share one: a virtual node's build does not use the proxy's address. */
function buildKey(p: ProxyIdentity): string {
  return JSON.stringify(p.kind === 'virtualNode' ? { ...p, address: '' } : p);
}

export class SnapshotSync implements SnapshotProvider, Component {
  readonly name = 'xds-sync';
  readonly #opts: SnapshotSyncOptions;
  readonly #clock: Clock;
  readonly #builds = new Map<string, Build>();
  readonly #index = new DependencyIndex<Build>();
  readonly #dirty = new Set<Build>();
  readonly #prepared = new PreparedCache();
  /** Every read of the store, shared by all builds and forgotten per key as change events arrive. */
  readonly #reader: MemoStoreReader;
  /** Parts common to many builds (a service's virtual hosts), kept while the reader's content stays. */
  readonly #shared: SharedPartCache;
  #timer: { cancel(): void } | undefined;
  #lastFlushAt = Number.NEGATIVE_INFINITY;
  /** Pending continuations of flushes that yielded (a new flush may start while one is paused). */
  readonly #resumes = new Set<NodeJS.Immediate>();
  #unwatch: (() => void) | undefined;
  #unsubscribeEndpoints: (() => void) | undefined;

  constructor(opts: SnapshotSyncOptions) {
    this.#opts = opts;
    this.#clock = opts.clock ?? systemClock;
    this.#reader = new MemoStoreReader(opts.store);
    this.#shared = new SharedPartCache(this.#reader);
  }

  async start(): Promise<void> {
    const { store, endpoints } = this.#opts;
    this.#unwatch = store.watch(store.revision(), (events) => this.#onStoreChanges(events));
    this.#unsubscribeEndpoints = endpoints.onChange(() => {
      this.#shared.clear();
      for (const b of this.#builds.values()) if (b.hasEndpoints) this.#dirty.add(b);
      this.#schedule();
    });
  }

  async close(): Promise<void> {
    this.destroy();
  }

  destroy(): void {
    this.#unwatch?.();
    this.#unsubscribeEndpoints?.();
    this.#unwatch = this.#unsubscribeEndpoints = undefined;
    this.#timer?.cancel();
    this.#timer = undefined;
    for (const r of this.#resumes) clearImmediate(r);
    this.#resumes.clear();
  }

  watch(proxy: ProxyIdentity, onUpdate: (u: SnapshotUpdate) => void): () => void {
    const key = buildKey(proxy);
    let build = this.#builds.get(key);
    if (!build) {
      build = { key, identity: proxy, watchers: new Set(), update: { kind: 'unavailable', reason: 'not built yet' }, hasEndpoints: false };
      this.#builds.set(key, build);
      this.#rebuild(build);
    }
    const b = build;
    b.watchers.add(onUpdate);
    queueMicrotask(() => {
      if (b.watchers.has(onUpdate)) onUpdate(b.update);
    });
    return () => {
      b.watchers.delete(onUpdate);
      if (b.watchers.size > 0) return;
      this.#builds.delete(b.key);
      this.#index.delete(b);
      this.#dirty.delete(b);
    };
  }

  /** Builds currently kept (one per distinct proxy identity); for tests and metrics. */
  buildCount(): number {
    return this.#builds.size;
  }

  #onStoreChanges(events: readonly ChangeEvent[]): void {
    if (events.length > 0) this.#shared.clear();
    for (const e of events) {
      this.#reader.invalidate(e.kind, e.key);
      this.#index.affected(e.kind, e.key, this.#dirty);
    }
    if (this.#dirty.size > 0) this.#schedule();
  }

  #schedule(): void {
    if (this.#timer || this.#dirty.size === 0) return;
    const debounceMs = this.#opts.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    const wait = Math.max(0, this.#lastFlushAt + debounceMs - this.#clock.now());
    this.#timer = this.#clock.setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#timer = undefined;
    this.#lastFlushAt = this.#clock.now();
    const queue = [...this.#dirty];
    this.#dirty.clear();
    this.#drain(queue, this.#opts.store.revision());
  }

  /**
   * Rebuilds and pushes the queued builds, yielding after each slice. If the store moved on during a
   * yield, the rest of the queue goes back to the dirty set: the next flush rebuilds it after the
   * change events have reached the reader.
   */
  #drain(queue: Build[], revision: number): void {
    const sliceEnd = performance.now() + (this.#opts.flushSliceMs ?? FLUSH_SLICE_MS);
    for (let b = queue.shift(); b; b = queue.shift()) {
      if (this.#opts.store.revision() !== revision) {
        for (const rest of [b, ...queue]) this.#dirty.add(rest);
        this.#schedule();
        return;
      }
      if (this.#builds.get(b.key) !== b) continue; // its last watcher left meanwhile
      this.#rebuild(b);
      for (const w of b.watchers) w(b.update);
      if (queue.length > 0 && performance.now() >= sliceEnd) {
        const next = setImmediate(() => {
          this.#resumes.delete(next);
          this.#drain(queue, revision);
        });
        this.#resumes.add(next);
        return;
      }
    }
  }

  #rebuild(b: Build): void {
    const { identity } = b;
    const deps = emptyDependencies();
    const mesh = new StoreMeshView(this.#reader, identity.meshName, deps);
    const exists = identity.kind === 'virtualNode' ? mesh.virtualNode(identity.name) : mesh.virtualGateway(identity.name);
    try {
      if (!exists) {
        const kind = identity.kind === 'virtualNode' ? 'VirtualNode' : 'VirtualGateway';
        b.update = { kind: 'unavailable', reason: `${describeRef({ kind, mesh: identity.meshName, name: identity.name })} not found` };
        b.hasEndpoints = false;
      } else {
        const resources = buildSnapshot({ mesh, endpoints: this.#opts.endpoints, proxy: identity, shared: this.#shared.forBuild(deps) });
        const previous = b.update.kind === 'ready' ? b.update.snapshot : undefined;
        b.update = { kind: 'ready', snapshot: prepareSnapshot(resources, this.#prepared, previous) };
        b.hasEndpoints = resources.endpoints.size > 0 || [...resources.clusters.values()].some((c) => c['type'] !== 'STATIC');
      }
    } catch (err) {
      this.#opts.log.error(`building the configuration of ${b.key} failed: ${errorMessage(err)}`);
      b.update = { kind: 'unavailable', reason: `configuration could not be built: ${errorMessage(err)}` };
    }
    this.#index.set(b, deps);
  }
}
