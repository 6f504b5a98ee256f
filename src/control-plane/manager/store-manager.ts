/**
 * StoreResourceManager: the ResourceManager over a ResourceStore.
 *
 * Resources are stored under store kind = their AppMeshKind and key = their resource path
 * (`mesh/webapp/virtualNode/green-v1_green`), value = the MeshResource JSON. `put-object` and
 * `delete-object` mutations are stored as given. Idempotency tokens live under `appmesh.ClientToken`.
 *
 * `apply` validates every mutation first (all violations, no store access), then runs the batch in one
 * transaction: creates, updates, deletes in order, then reference checks (NotFoundError naming what is
 * missing) and in-use checks (InUseError naming the dependents) against the state after the batch.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_ARN_CONFIG, type ArnConfig } from '../../api/arn.js';
import { KIND_INFO, resourcePath, type AppMeshKind, type ResourceId } from '../../api/kinds.js';
import { nextMetadata } from '../../api/metadata.js';
import { systemClock, type Clock } from '../../core/clock.js';
import { describeRef, NotFoundError, ValidationError } from '../../core/errors.js';
import type { ResourceStore } from '../../store/store.js';
import { ApplyBatch, normalizeId, type BatchContext } from './batch.js';
import { canonicalJson } from './canonical-json.js';
import { pruneTokens } from './client-tokens.js';
import type { ListOptions, MeshResource, Mutation, MutationResult, ResourceManager, TagRef } from './manager.js';
import { paginate } from './pagination.js';
import { prepareMutations } from './prepare.js';
import { DEFAULT_QUOTAS, type Quotas } from './quotas.js';
import { findDependents, readResource, refOf } from './resource-state.js';
import { checkTagCount, mergeTags, tagViolations } from './tags.js';

/** How often `apply` also removes expired idempotency tokens. */
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

export interface StoreResourceManagerOptions {
  readonly store: ResourceStore;
  /** Partition, region and account for ARNs and owners; default DEFAULT_ARN_CONFIG. */
  readonly arn?: ArnConfig;
  /** Overrides of DEFAULT_QUOTAS. */
  readonly quotas?: Partial<Quotas>;
  readonly clock?: Clock;
  /** Resource uids; default random UUIDs. */
  readonly newUid?: () => string;
}

export class StoreResourceManager implements ResourceManager {
  readonly #store: ResourceStore;
  readonly #ctx: BatchContext;
  /** When expired idempotency tokens were last removed (epoch ms). */
  #lastPrune = Number.NEGATIVE_INFINITY;

  constructor(options: StoreResourceManagerOptions) {
    this.#store = options.store;
    const clock = options.clock ?? systemClock;
    this.#ctx = {
      arn: options.arn ?? DEFAULT_ARN_CONFIG,
      quotas: { ...DEFAULT_QUOTAS, ...options.quotas },
      now: () => clock.now(),
      newUid: options.newUid ?? randomUUID,
    };
  }

  describe(id: ResourceId): MeshResource {
    const resource = readResource(this.#store, normalizeId(id));
    if (resource === undefined) throw new NotFoundError(refOf(id));
    return resource;
  }

  list(kind: AppMeshKind, meshName: string, parentName?: string, options?: ListOptions): { items: MeshResource[]; nextToken?: string } {
    const prefix = this.#listPrefix(kind, meshName, parentName);
    const page = paginate(this.#store.list<MeshResource>(kind, prefix), (o) => o.key, prefix, options);
    const items = page.items.map((o) => o.value);
    return page.nextToken === undefined ? { items } : { items, nextToken: page.nextToken };
  }

  /** The key prefix of a listing; the mesh (and router or gateway) must exist, as App Mesh answers NotFound otherwise. */
  #listPrefix(kind: AppMeshKind, meshName: string, parentName: string | undefined): string {
    if (kind === 'Mesh') return 'mesh/';
    this.describe({ kind: 'Mesh', meshName, name: meshName });
    const parentKind = KIND_INFO[kind].parent;
    if (parentKind !== undefined) {
      if (parentName === undefined) throw new ValidationError([{ field: KIND_INFO[parentKind].nameField, message: 'required' }]);
      this.describe({ kind: parentKind, meshName, name: parentName });
    }
    return resourcePath({ kind, meshName, name: '', ...(parentName === undefined ? {} : { parentName }) });
  }

  listAll(kind: AppMeshKind): MeshResource[] {
    return this.#store.list<MeshResource>(kind).map((o) => o.value);
  }

  async apply(mutations: readonly Mutation[]): Promise<MutationResult[]> {
    const prepared = prepareMutations(mutations);
    const now = this.#ctx.now();
    const prune = now - this.#lastPrune >= PRUNE_INTERVAL_MS;
    const results = await this.#store.transact((tx) => {
      if (prune) pruneTokens(tx, now);
      return new ApplyBatch(tx, this.#ctx).run(prepared);
    });
    if (prune) this.#lastPrune = now;
    return results;
  }

  /** Resources whose required references hold `id` in place (a delete of `id` would be refused because of them). */
  dependents(id: ResourceId): ResourceId[] {
    return findDependents(this.#store, normalizeId(id)).map((r) => r.id);
  }

  async setTags(id: ResourceId, add: readonly TagRef[], removeKeys: readonly string[]): Promise<MeshResource> {
    const normalized = normalizeId(id);
    const malformed = tagViolations(add);
    if (malformed.length > 0) throw new ValidationError(malformed, { subject: describeRef(refOf(normalized)) });
    return this.#store.transact((tx) => {
      const current = readResource(tx, normalized);
      if (current === undefined) throw new NotFoundError(refOf(normalized));
      const tags = mergeTags(current.tags, add, removeKeys);
      checkTagCount(tags, describeRef(refOf(normalized)));
      if (canonicalJson(tags) === canonicalJson(current.tags)) return current;
      const resource: MeshResource = { ...current, tags, metadata: nextMetadata(current.metadata, this.#ctx.now()) };
      tx.put(normalized.kind, resourcePath(normalized), resource, { expectedVersion: current.metadata.version });
      return resource;
    });
  }
}
