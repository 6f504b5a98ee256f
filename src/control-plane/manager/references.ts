/**
 * What each resource refers to, read from its id and spec (pure). One entry per kind, so a new
 * reference is added where its kind is described.
 *
 * A `required` reference must exist once a batch is applied, and keeps its target from being deleted
 * (App Mesh's ResourceInUseException). A reference that is not required (a virtual node's backend)
 * may dangle, as App Mesh allows so that services can call each other; it only earns a warning.
 */
import type { GatewayRouteSpec } from '../../api/appmesh/gateway-route.js';
import type { RouteAction, RouteSpec } from '../../api/appmesh/route.js';
import type { VirtualNodeSpec } from '../../api/appmesh/virtual-node.js';
import type { VirtualServiceSpec } from '../../api/appmesh/virtual-service.js';
import { resourcePath, type AppMeshKind, type ResourceId } from '../../api/kinds.js';

export interface Reference {
  readonly target: ResourceId;
  /** Where the reference is written: `spec.provider.virtualNode.virtualNodeName`, or `meshName` for the parent. */
  readonly field: string;
  readonly required: boolean;
}

type ReferenceReader = (id: ResourceId, spec: unknown) => Reference[];

function inMesh(id: ResourceId, kind: AppMeshKind, name: string, field: string, required = true): Reference {
  return { target: { kind, meshName: id.meshName, name }, field, required };
}

function childOf(id: ResourceId, kind: AppMeshKind, field: string): Reference {
  return inMesh(id, kind, id.parentName ?? '', field);
}

function parentRefs(id: ResourceId): Reference[] {
  return id.kind === 'Mesh' ? [] : [{ target: { kind: 'Mesh', meshName: id.meshName, name: id.meshName }, field: 'meshName', required: true }];
}

function targetRefs(id: ResourceId, action: RouteAction | undefined, at: string): Reference[] {
  return (action?.weightedTargets ?? []).map((t, i) => inMesh(id, 'VirtualNode', t.virtualNode, `${at}.action.weightedTargets[${i}].virtualNode`));
}

const READERS: Readonly<Record<AppMeshKind, ReferenceReader>> = {
  Mesh: () => [],
  VirtualNode: (id, spec) =>
    ((spec as VirtualNodeSpec).backends ?? []).flatMap((b, i) =>
      b.virtualService ? [inMesh(id, 'VirtualService', b.virtualService.virtualServiceName, `spec.backends[${i}].virtualService.virtualServiceName`, false)] : [],
    ),
  VirtualService: (id, spec) => {
    const provider = (spec as VirtualServiceSpec).provider;
    if (provider?.virtualNode) return [inMesh(id, 'VirtualNode', provider.virtualNode.virtualNodeName, 'spec.provider.virtualNode.virtualNodeName')];
    if (provider?.virtualRouter) return [inMesh(id, 'VirtualRouter', provider.virtualRouter.virtualRouterName, 'spec.provider.virtualRouter.virtualRouterName')];
    return [];
  },
  VirtualRouter: () => [],
  Route: (id, spec) => {
    const s = spec as RouteSpec;
    return [
      childOf(id, 'VirtualRouter', 'virtualRouterName'),
      ...targetRefs(id, s.httpRoute?.action, 'spec.httpRoute'),
      ...targetRefs(id, s.http2Route?.action, 'spec.http2Route'),
      ...targetRefs(id, s.grpcRoute?.action, 'spec.grpcRoute'),
      ...targetRefs(id, s.tcpRoute?.action, 'spec.tcpRoute'),
    ];
  },
  VirtualGateway: () => [],
  GatewayRoute: (id, spec) => {
    const s = spec as GatewayRouteSpec;
    const routes = [
      ['spec.httpRoute', s.httpRoute],
      ['spec.http2Route', s.http2Route],
      ['spec.grpcRoute', s.grpcRoute],
    ] as const;
    return [
      childOf(id, 'VirtualGateway', 'virtualGatewayName'),
      ...routes.flatMap(([at, r]) => (r ? [inMesh(id, 'VirtualService', r.action.target.virtualService.virtualServiceName, `${at}.action.target.virtualService.virtualServiceName`)] : [])),
    ];
  },
};

/** Every reference a resource with this id and (validated) spec makes, its mesh first. */
export function referencesOf(id: ResourceId, spec: unknown): Reference[] {
  return [...parentRefs(id), ...READERS[id.kind](id, spec)];
}

/** Whether two ids name the same resource. */
export function sameId(a: ResourceId, b: ResourceId): boolean {
  return a.kind === b.kind && resourcePath(a) === resourcePath(b);
}
