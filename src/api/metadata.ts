/**
 * ResourceMetadata as the App Mesh API returns it: arn, uid, version (1 on create, +1 per change),
 * createdAt/lastUpdatedAt in epoch seconds, meshOwner and resourceOwner (the configured account).
 */
import { buildArn, type ArnConfig } from './arn.js';
import type { ResourceId } from './kinds.js';

/** ResourceMetadata exactly as the App Mesh API returns it (timestamps as epoch seconds). */
export interface ResourceMetadata {
  readonly arn: string;
  readonly uid: string;
  readonly version: number;
  readonly createdAt: number;
  readonly lastUpdatedAt: number;
  readonly meshOwner: string;
  readonly resourceOwner: string;
}

/** Epoch seconds (fractional) from epoch milliseconds. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** Metadata of a resource created at `nowMs`. */
export function createMetadata(id: ResourceId, config: ArnConfig, uid: string, nowMs: number): ResourceMetadata {
  const at = epochSeconds(nowMs);
  return {
    arn: buildArn(id, config),
    uid,
    version: 1,
    createdAt: at,
    lastUpdatedAt: at,
    meshOwner: config.account,
    resourceOwner: config.account,
  };
}

/** Metadata after a change at `nowMs`: the next version, the new update time, everything else kept. */
export function nextMetadata(previous: ResourceMetadata, nowMs: number): ResourceMetadata {
  return { ...previous, version: previous.version + 1, lastUpdatedAt: epochSeconds(nowMs) };
}
