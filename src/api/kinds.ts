/**
 * The seven App Mesh resource kinds and how each is named, keyed and addressed.
 * Store keys are the ARN resource paths: `mesh/webapp/virtualNode/green-v1_green`,
 * `mesh/webapp/virtualRouter/app-router_consumer/route/app-route`.
 */

export const APPMESH_KINDS = [
  'Mesh',
  'VirtualNode',
  'VirtualService',
  'VirtualRouter',
  'Route',
  'VirtualGateway',
  'GatewayRoute',
] as const;
export type AppMeshKind = (typeof APPMESH_KINDS)[number];

export interface KindInfo {
  readonly kind: AppMeshKind;
  /** The JSON member holding the resource's own name: `virtualNodeName`. */
  readonly nameField: string;
  /** ARN path segment: `virtualNode`. */
  readonly arnSegment: string;
  /** The parent kind for Route (VirtualRouter) and GatewayRoute (VirtualGateway). */
  readonly parent?: AppMeshKind;
}

export const KIND_INFO: Readonly<Record<AppMeshKind, KindInfo>> = {
  Mesh: { kind: 'Mesh', nameField: 'meshName', arnSegment: 'mesh' },
  VirtualNode: { kind: 'VirtualNode', nameField: 'virtualNodeName', arnSegment: 'virtualNode' },
  VirtualService: { kind: 'VirtualService', nameField: 'virtualServiceName', arnSegment: 'virtualService' },
  VirtualRouter: { kind: 'VirtualRouter', nameField: 'virtualRouterName', arnSegment: 'virtualRouter' },
  Route: { kind: 'Route', nameField: 'routeName', arnSegment: 'route', parent: 'VirtualRouter' },
  VirtualGateway: { kind: 'VirtualGateway', nameField: 'virtualGatewayName', arnSegment: 'virtualGateway' },
  GatewayRoute: { kind: 'GatewayRoute', nameField: 'gatewayRouteName', arnSegment: 'gatewayRoute', parent: 'VirtualGateway' },
};

/** Identifies one App Mesh resource. `parentName` is the router of a Route or the gateway of a GatewayRoute. */
export interface ResourceId {
  readonly kind: AppMeshKind;
  readonly meshName: string;
  readonly name: string;
  readonly parentName?: string;
}

/** The store key (= ARN resource path) of a resource. */
export function resourcePath(id: ResourceId): string {
  if (id.kind === 'Mesh') return `mesh/${id.name}`;
  const info = KIND_INFO[id.kind];
  if (info.parent) {
    const parentSeg = KIND_INFO[info.parent].arnSegment;
    return `mesh/${id.meshName}/${parentSeg}/${id.parentName ?? ''}/${info.arnSegment}/${id.name}`;
  }
  return `mesh/${id.meshName}/${info.arnSegment}/${id.name}`;
}
