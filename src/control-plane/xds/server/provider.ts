/**
 * The seam between the ADS server and whatever keeps snapshots current (the sync loop).
 */
import type { ProxyIdentity } from '../builder/model.js';
import type { PreparedSnapshot } from './snapshot.js';

export type SnapshotUpdate =
  | { readonly kind: 'ready'; readonly snapshot: PreparedSnapshot }
  /** No configuration can be built yet (e.g. the virtual node does not exist); `reason` says why. */
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface SnapshotProvider {
  /**
   * Watches one proxy's snapshot. `onUpdate` is called soon with the current state, then after every
   * change that affects this proxy (never synchronously inside `watch`). Returns a cancel function.
   */
  watch(proxy: ProxyIdentity, onUpdate: (update: SnapshotUpdate) => void): () => void;
}
