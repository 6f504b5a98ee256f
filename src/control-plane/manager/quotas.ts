/**
 * Per-mesh resource quotas: how many resources of each kind one mesh (or, for meshes, the whole
 * control plane) may hold. Exceeding one is a LimitError (LimitExceededException at the API edge).
 * The defaults are generous; `meshwork up` can lower or raise them.
 */
import type { AppMeshKind } from '../../api/kinds.js';

export type Quotas = Readonly<Record<AppMeshKind, number>>;

/** Meshes per control plane, and every other kind per mesh. */
export const DEFAULT_QUOTAS: Quotas = {
  Mesh: 1000,
  VirtualNode: 10000,
  VirtualService: 10000,
  VirtualRouter: 10000,
  Route: 10000,
  VirtualGateway: 10000,
  GatewayRoute: 10000,
};

export function quotaScope(kind: AppMeshKind, meshName: string): string {
  return kind === 'Mesh' ? 'the control plane' : `mesh ${meshName}`;
}
