/**
 * Tags on namespaces and services, kept per resource ARN: at most 200, key 1..128, value 0..256.
 * TagResource merges (same key overwrites), UntagResource removes keys.
 */
import { NotFoundError } from '../../core/errors.js';
import type { StoreReader, StoreTx } from '../../store/store.js';
import type { RegistryContext } from './context.js';
import { cloudMapRef, TooManyTagsError } from './errors.js';
import { parseArn } from './ids.js';
import { CLOUDMAP_KINDS, type Tag } from './model.js';

export const MAX_TAGS = 200;

export function readTags(r: StoreReader, arn: string): Tag[] {
  return r.get<Tag[]>(CLOUDMAP_KINDS.tags, arn)?.value ?? [];
}

/** Merges `add` into the resource's tags and removes `removeKeys`; throws TooManyTags past 200. */
export function writeTags(tx: StoreTx, arn: string, add: readonly Tag[], removeKeys: readonly string[] = []): void {
  const byKey = new Map(readTags(tx, arn).map((t) => [t.Key, t.Value]));
  for (const t of add) byKey.set(t.Key, t.Value);
  for (const k of removeKeys) byKey.delete(k);
  if (byKey.size > MAX_TAGS) throw new TooManyTagsError(arn, byKey.size, MAX_TAGS);
  if (byKey.size === 0) tx.delete(CLOUDMAP_KINDS.tags, arn);
  else tx.put(CLOUDMAP_KINDS.tags, arn, [...byKey].map(([Key, Value]) => ({ Key, Value })));
}

/** Throws ResourceNotFoundException unless `arn` names an existing namespace or service. */
function requireTaggable(r: StoreReader, arn: string): void {
  const target = parseArn(arn);
  const kind = target?.type === 'namespace' ? CLOUDMAP_KINDS.namespace : CLOUDMAP_KINDS.service;
  if (!target || !r.get(kind, target.id)) throw new NotFoundError(cloudMapRef('Resource', arn));
}

export function listTagsForResource(ctx: RegistryContext, arn: string): Tag[] {
  requireTaggable(ctx.store, arn);
  return readTags(ctx.store, arn);
}

export async function tagResource(ctx: RegistryContext, arn: string, tags: readonly Tag[]): Promise<void> {
  await ctx.store.transact((tx) => {
    requireTaggable(tx, arn);
    writeTags(tx, arn, tags);
  });
}

export async function untagResource(ctx: RegistryContext, arn: string, keys: readonly string[]): Promise<void> {
  await ctx.store.transact((tx) => {
    requireTaggable(tx, arn);
    writeTags(tx, arn, [], keys);
  });
}
