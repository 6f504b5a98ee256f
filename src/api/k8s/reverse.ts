/**
 * App Mesh resource → the manifest view `get -o yaml` shows: the CRD spec (names turned back into
 * references where the target came from a manifest, ARNs otherwise) and the status the controller
 * writes (`<kind>ARN`, observedGeneration, `<Kind>Active`, a router's routeARNs). Reflects the current
 * state, including changes made later through the App Mesh API. Pure.
 */
import type { AppMeshKind } from '../kinds.js';
import type { MeshResource } from '../../control-plane/manager/manager.js';
import { MANIFEST_KINDS } from './kinds.js';
import { toCrdSpelling } from './spelling.js';
import { APPMESH_API_VERSION, type K8sObject, type ObjectMeta } from './types.js';

/** Finds a stored resource by kind, mesh and App Mesh name (and parent for routes). */
export type ResourceLookup = (kind: AppMeshKind, meshName: string, name: string) => MeshResource | undefined;

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const lcFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function refTo(kind: AppMeshKind, meshName: string, name: string, lookup: ResourceLookup, refKey: string, arnKey: string): Rec {
  const target = lookup(kind, meshName, name);
  if (target?.k8s) return { [refKey]: { name: target.k8s.name, ...(target.k8s.namespace ? { namespace: target.k8s.namespace } : {}) } };
  return { [arnKey]: target?.metadata.arn ?? `mesh/${meshName}/${lcFirst(kind)}/${name}` };
}

function weightedTargetsBack(action: Rec, meshName: string, lookup: ResourceLookup): Rec {
  return {
    ...action,
    weightedTargets: arr(action['weightedTargets']).map((t) => {
      const { virtualNode, ...rest } = rec(t);
      return { ...refTo('VirtualNode', meshName, String(virtualNode), lookup, 'virtualNodeRef', 'virtualNodeARN'), ...rest };
    }),
  };
}

const ROUTE_KEYS = ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'] as const;

function crdSpec(r: MeshResource, lookup: ResourceLookup, routes: readonly MeshResource[]): Rec {
  const spec = toCrdSpelling(rec(r.spec));
  const mesh = r.id.meshName;
  const out: Rec = { awsName: r.id.name, ...(r.k8s?.extra ?? {}) };
  switch (r.id.kind) {
    case 'Mesh': {
      const { serviceDiscovery, ...rest } = spec;
      return { ...out, ...rest, ...(serviceDiscovery !== undefined ? { meshServiceDiscovery: serviceDiscovery } : {}) };
    }
    case 'VirtualNode': {
      const backends = spec['backends'] === undefined ? {} : {
        backends: arr(spec['backends']).map((b) => {
          const { virtualServiceName, ...rest } = rec(rec(b)['virtualService']);
          return { virtualService: { ...refTo('VirtualService', mesh, String(virtualServiceName), lookup, 'virtualServiceRef', 'virtualServiceARN'), ...rest } };
        }),
      };
      return { ...out, ...spec, ...backends };
    }
    case 'VirtualService': {
      const provider = rec(spec['provider']);
      const vn = rec(provider['virtualNode'])['virtualNodeName'];
      const vr = rec(provider['virtualRouter'])['virtualRouterName'];
      const p = vn !== undefined
        ? { virtualNode: refTo('VirtualNode', mesh, String(vn), lookup, 'virtualNodeRef', 'virtualNodeARN') }
        : vr !== undefined ? { virtualRouter: refTo('VirtualRouter', mesh, String(vr), lookup, 'virtualRouterRef', 'virtualRouterARN') } : undefined;
      return { ...out, ...(p ? { provider: p } : {}) };
    }
    case 'VirtualRouter':
      return {
        ...out,
        ...spec,
        routes: routes.map((route) => {
          const rs = rec(route.spec);
          const body: Rec = { name: route.id.name, ...(rs['priority'] !== undefined ? { priority: rs['priority'] } : {}) };
          for (const key of ROUTE_KEYS) {
            if (rs[key] === undefined) continue;
            const r2 = rec(rs[key]);
            body[key] = { ...r2, action: weightedTargetsBack(rec(r2['action']), mesh, lookup) };
          }
          return body;
        }),
      };
    case 'GatewayRoute': {
      const body: Rec = { ...out, ...spec };
      for (const key of ['httpRoute', 'http2Route', 'grpcRoute']) {
        if (spec[key] === undefined) continue;
        const route = rec(spec[key]);
        const action = rec(route['action']);
        const { virtualService, ...target } = rec(action['target']);
        const vsName = String(rec(virtualService)['virtualServiceName']);
        const ref = refTo('VirtualService', mesh, vsName, lookup, 'virtualServiceRef', 'virtualServiceARN');
        body[key] = { ...route, action: { ...action, target: { virtualService: ref, ...target } } };
      }
      return body;
    }
    case 'VirtualGateway':
    case 'Route':
      return { ...out, ...spec };
    default: {
      const never: never = r.id.kind;
      return { ...out, kind: never };
    }
  }
}

/** The manifest view of one resource. `routes` are a VirtualRouter's routes (empty for other kinds). */
export function toManifestView(r: MeshResource, lookup: ResourceLookup, routes: readonly MeshResource[] = []): K8sObject {
  const kind = MANIFEST_KINDS.find((k) => k.appmesh === r.id.kind)?.kind ?? r.id.kind;
  const metadata: ObjectMeta = {
    name: r.k8s?.name ?? r.id.name,
    ...(r.k8s?.namespace !== undefined ? { namespace: r.k8s.namespace } : {}),
    ...(r.k8s?.labels ? { labels: r.k8s.labels } : {}),
    ...(r.k8s?.annotations ? { annotations: r.k8s.annotations } : {}),
    creationTimestamp: iso(r.metadata.createdAt),
    generation: r.metadata.version,
    uid: r.metadata.uid,
  };
  const spec = crdSpec(r, lookup, routes);
  if (r.id.kind !== 'Mesh') {
    const mesh = lookup('Mesh', r.id.meshName, r.id.meshName);
    spec['meshRef'] = { name: mesh?.k8s?.name ?? r.id.meshName, uid: mesh?.metadata.uid ?? '' };
  }
  const status: Rec = {
    [`${lcFirst(r.id.kind)}ARN`]: r.metadata.arn,
    ...(r.id.kind === 'VirtualRouter' ? { routeARNs: Object.fromEntries(routes.map((x) => [x.id.name, x.metadata.arn])) } : {}),
    observedGeneration: r.metadata.version,
    conditions: [
      {
        type: `${r.id.kind}Active`,
        status: r.status.status === 'ACTIVE' ? 'True' : 'False',
        lastTransitionTime: iso(r.metadata.lastUpdatedAt),
      },
    ],
  };
  return { apiVersion: APPMESH_API_VERSION, kind, metadata, spec, status };
}
