/**
 * What distinguishes one App Mesh kind's five REST operations from another's. Everything else
 * (paths, members, shapes) follows from src/api/kinds.ts, so the 35 resource operations come from
 * one builder (kind-routes.ts) and seven small descriptors (mesh.ts, virtual-node.ts, …).
 */
import type { AppMeshKind } from '../../api/kinds.js';

export interface KindApi {
  readonly kind: AppMeshKind;
  /** The REST collection segment, which is also the List response member: `virtualNodes`. */
  readonly collection: string;
  /** Whether Create/Update must carry `spec` (every kind but Mesh, whose spec is optional). */
  readonly specRequired: boolean;
}

/** `/v20190125`: every App Mesh 2019-01-25 path starts here. */
export const API_PREFIX = '/v20190125';

/**
 * The seven kinds, in the order their routes are registered. A kind differs from another only in this
 * row; Mesh is the one without a parent mesh in its path and with an optional spec.
 */
export const KIND_APIS: readonly KindApi[] = [
  { kind: 'Mesh', collection: 'meshes', specRequired: false },
  { kind: 'VirtualNode', collection: 'virtualNodes', specRequired: true },
  { kind: 'VirtualService', collection: 'virtualServices', specRequired: true },
  { kind: 'VirtualRouter', collection: 'virtualRouters', specRequired: true },
  { kind: 'Route', collection: 'routes', specRequired: true },
  { kind: 'VirtualGateway', collection: 'virtualGateways', specRequired: true },
  { kind: 'GatewayRoute', collection: 'gatewayRoutes', specRequired: true },
];
