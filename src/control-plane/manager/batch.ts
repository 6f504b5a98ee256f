/**
 * One `apply` inside one store transaction. Mutations run in order against the transaction (so each
 * sees the ones before it); then references and in-use rules are checked against the state after the
 * whole batch. Any error thrown here rolls the whole batch back.
 */
import { resourcePath, type AppMeshKind, type ResourceId } from '../../api/kinds.js';
import { createMetadata, nextMetadata } from '../../api/metadata.js';
import type { ArnConfig } from '../../api/arn.js';
import { AlreadyExistsError, ConflictError, describeRef, InUseError, LimitError, NotFoundError } from '../../core/errors.js';
import type { StoreTx } from '../../store/store.js';
import { canonicalJson } from './canonical-json.js';
import { remember, replay } from './client-tokens.js';
import type { K8sOrigin, MeshResource, Mutation, MutationResult } from './manager.js';
import { quotaScope, type Quotas } from './quotas.js';
import { referencesOf, sameId } from './references.js';
import { findDependents, readResource, refOf } from './resource-state.js';
import { checkTagCount, mergeTags } from './tags.js';

export interface BatchContext {
  readonly arn: ArnConfig;
  readonly quotas: Quotas;
  readonly now: () => number;
  readonly newUid: () => string;
}

/** A mutation that writes a resource's spec. */
type SpecMutation = Extract<Mutation, { op: 'create' | 'update' | 'upsert' }>;

/** The id in its one stored form: a Mesh's meshName is its name; only Route and GatewayRoute keep parentName. */
export function normalizeId(id: ResourceId): ResourceId {
  if (id.kind === 'Mesh') return { kind: 'Mesh', meshName: id.name, name: id.name };
  const base = { kind: id.kind, meshName: id.meshName, name: id.name };
  return id.kind === 'Route' || id.kind === 'GatewayRoute' ? { ...base, parentName: id.parentName ?? '' } : base;
}

export class ApplyBatch {
  readonly #tx: StoreTx;
  readonly #ctx: BatchContext;
  /** Resources created or changed, by result index: their references are checked at the end. */
  readonly #written = new Map<number, ResourceId>();
  readonly #deleted: ResourceId[] = [];
  readonly #counts = new Map<string, number>();

  constructor(tx: StoreTx, ctx: BatchContext) {
    this.#tx = tx;
    this.#ctx = ctx;
  }

  run(mutations: readonly Mutation[]): MutationResult[] {
    const results = mutations.map((m, i) => this.#one(m, i));
    const warnings = this.#checkReferences();
    this.#checkInUse();
    return results.map((r, i) => {
      const w = warnings.get(i);
      return w === undefined ? r : { ...r, warnings: w };
    });
  }

  #one(m: Mutation, index: number): MutationResult {
    switch (m.op) {
      case 'create':
        return replay(this.#tx, m, this.#ctx.now()) ?? this.#remembered(m, this.#create(m, index));
      case 'update':
        return replay(this.#tx, m, this.#ctx.now()) ?? this.#remembered(m, this.#update(m, index));
      case 'upsert':
        return readResource(this.#tx, m.id) === undefined ? this.#create(m, index) : this.#update(m, index);
      case 'delete':
        return this.#delete(m);
      case 'put-object': {
        const previous = this.#tx.get(m.kind, m.key);
        if (previous !== undefined && canonicalJson(previous.value) === canonicalJson(m.value)) return { outcome: 'unchanged' };
        this.#tx.put(m.kind, m.key, m.value);
        return { outcome: previous === undefined ? 'created' : 'configured' };
      }
      case 'delete-object':
        if (this.#tx.delete(m.kind, m.key) === undefined) throw new NotFoundError(`${m.kind} ${m.key} not found`);
        return { outcome: 'deleted' };
    }
  }

  #remembered(m: Extract<Mutation, { op: 'create' | 'update' }>, result: MutationResult): MutationResult {
    remember(this.#tx, m, result, this.#ctx.now());
    return result;
  }

  #create(m: SpecMutation, index: number): MutationResult {
    const id = normalizeId(m.id);
    if (readResource(this.#tx, id) !== undefined) throw new AlreadyExistsError(refOf(id));
    this.#countCreate(id);
    const tags = m.op === 'create' ? mergeTags([], m.tags ?? []) : [];
    checkTagCount(tags, describeRef(refOf(id)));
    const resource: MeshResource = {
      id,
      spec: m.spec,
      metadata: createMetadata(id, this.#ctx.arn, this.#ctx.newUid(), this.#ctx.now()),
      status: { status: 'ACTIVE' },
      tags,
      ...withK8s(m.k8s),
    };
    this.#tx.put(id.kind, resourcePath(id), resource, { expectedVersion: 0 });
    this.#written.set(index, id);
    return { outcome: 'created', resource };
  }

  #update(m: SpecMutation, index: number): MutationResult {
    const id = normalizeId(m.id);
    const current = this.#existing(id, m.op === 'update' ? m.expectedVersion : undefined);
    const k8s = m.k8s ?? current.k8s;
    if (canonicalJson(current.spec) === canonicalJson(m.spec) && canonicalJson(current.k8s ?? null) === canonicalJson(k8s ?? null)) {
      return { outcome: 'unchanged', resource: current };
    }
    const resource: MeshResource = { ...current, spec: m.spec, metadata: nextMetadata(current.metadata, this.#ctx.now()), ...withK8s(k8s) };
    this.#tx.put(id.kind, resourcePath(id), resource, { expectedVersion: current.metadata.version });
    this.#written.set(index, id);
    return { outcome: 'configured', resource };
  }

  #delete(m: Extract<Mutation, { op: 'delete' }>): MutationResult {
    const id = normalizeId(m.id);
    const current = this.#existing(id, m.expectedVersion);
    this.#tx.delete(id.kind, resourcePath(id));
    this.#countDelete(id);
    this.#deleted.push(id);
    return { outcome: 'deleted', resource: { ...current, status: { status: 'DELETED' } } };
  }

  /** The stored resource; NotFoundError when missing, ConflictError when not at `expectedVersion`. */
  #existing(id: ResourceId, expectedVersion: number | undefined): MeshResource {
    const current = readResource(this.#tx, id);
    if (current === undefined) throw new NotFoundError(refOf(id));
    if (expectedVersion !== undefined && expectedVersion !== current.metadata.version) {
      throw new ConflictError(`${describeRef(refOf(id))} is at version ${current.metadata.version}, not ${expectedVersion}`);
    }
    return current;
  }

  #countKey(id: ResourceId): { key: string; kind: AppMeshKind; prefix: string } {
    const prefix = id.kind === 'Mesh' ? 'mesh/' : `mesh/${id.meshName}/`;
    return { key: `${id.kind} ${prefix}`, kind: id.kind, prefix };
  }

  #countCreate(id: ResourceId): void {
    const { key, kind, prefix } = this.#countKey(id);
    const count = this.#counts.get(key) ?? this.#tx.list(kind, prefix).length;
    const limit = this.#ctx.quotas[kind];
    if (count >= limit) throw new LimitError(`${kind} quota reached: ${quotaScope(kind, id.meshName)} already has ${count} (limit ${limit})`);
    this.#counts.set(key, count + 1);
  }

  #countDelete(id: ResourceId): void {
    const { key } = this.#countKey(id);
    const count = this.#counts.get(key);
    if (count !== undefined) this.#counts.set(key, count - 1);
  }

  /** Required references must exist after the batch; dangling optional ones become warnings (by result index). */
  #checkReferences(): Map<number, string[]> {
    const warnings = new Map<number, string[]>();
    const missing: string[] = [];
    for (const [index, id] of this.#written) {
      const resource = readResource(this.#tx, id);
      if (resource === undefined) continue; // deleted again later in the batch
      for (const ref of referencesOf(resource.id, resource.spec)) {
        if (readResource(this.#tx, ref.target) !== undefined) continue;
        const text = `${ref.field} refers to ${describeRef(refOf(ref.target))}, which does not exist`;
        if (ref.required) {
          missing.push(`${describeRef(refOf(id))}: ${text}`);
        } else {
          warnings.set(index, [...(warnings.get(index) ?? []), text]);
        }
      }
    }
    if (missing.length > 0) throw new NotFoundError(missing.join('; '));
    return warnings;
  }

  /** Nothing left after the batch may still need a resource the batch deleted. */
  #checkInUse(): void {
    for (const id of this.#deleted) {
      if (readResource(this.#tx, id) !== undefined) continue; // created again later in the batch
      const dependents = findDependents(this.#tx, id).filter((d) => !sameId(d.id, id));
      if (dependents.length > 0) throw new InUseError(refOf(id), dependents.map((d) => refOf(d.id)));
    }
  }
}

function withK8s(k8s: K8sOrigin | undefined): { k8s?: K8sOrigin } {
  return k8s === undefined ? {} : { k8s };
}
