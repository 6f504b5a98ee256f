/**
 * One converter per manifest kind: CRD object → App Mesh mutations, following the App Mesh controller
 * (references become the target's awsName, ARNs their last path element, a VirtualRouter's routes become
 * Route resources and routes dropped from the manifest are deleted). Pure; `convert.ts` drives them.
 */
import type { AppMeshKind, ResourceId } from '../kinds.js';
import type { K8sOrigin, Mutation } from '../../control-plane/manager/manager.js';
import type { Identity } from './identity.js';
import { pick, toApiSpelling } from './spelling.js';
import { NAMESPACE_OBJECT_KIND, SERVICE_OBJECT_KIND, type K8sObject } from './types.js';

type Path = readonly (string | number)[];
type Rec = Readonly<Record<string, unknown>>;

/** What a converter may ask of the batch being converted. */
export interface ConvertContext {
  readonly self: Identity | undefined;
  /** Resolves `holder[refKey]` or `holder[arnKey]` to the target's App Mesh name; records a violation and returns '' when it cannot. */
  target(holder: Rec, refKey: string, arnKey: string, targetKind: AppMeshKind, path: Path): string;
  /** The VirtualGateway a GatewayRoute attaches to (through the gateways' selectors). */
  gatewayFor(obj: K8sObject): string;
  /** Names of the routes currently stored under a virtual router. */
  storedRouteNames(meshName: string, routerName: string): readonly string[];
  /** Creation time to keep for a stored Kubernetes object (its old one, or now). */
  creationTimestamp(kind: string, key: string): string;
}

export type KindConverter = (obj: K8sObject, ctx: ConvertContext) => Mutation[];

const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});
const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

function origin(obj: K8sObject, extraKeys: readonly string[]): K8sOrigin {
  const extra = pick(rec(obj.spec), extraKeys);
  return {
    name: obj.metadata.name,
    ...(obj.metadata.namespace !== undefined ? { namespace: obj.metadata.namespace } : {}),
    ...(obj.metadata.labels ? { labels: obj.metadata.labels } : {}),
    ...(obj.metadata.annotations ? { annotations: obj.metadata.annotations } : {}),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

function idOf(ctx: ConvertContext, parentName?: string): ResourceId {
  const self = ctx.self!;
  return { kind: self.kind, meshName: self.meshName, name: self.awsName, ...(parentName !== undefined ? { parentName } : {}) };
}

function weightedTargets(action: Rec, ctx: ConvertContext, path: Path): Rec {
  const targets = arr(action['weightedTargets']).map((t, i) => {
    const target = rec(t);
    const virtualNode = ctx.target(target, 'virtualNodeRef', 'virtualNodeARN', 'VirtualNode', [...path, 'weightedTargets', i]);
    return { virtualNode, ...pick(target, ['weight', 'port']) };
  });
  return { weightedTargets: targets };
}

function routeSpec(route: Rec, ctx: ConvertContext, path: Path): Rec {
  const spec: Record<string, unknown> = pick(route, ['priority']);
  for (const key of ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute']) {
    const r = route[key];
    if (r === undefined) continue;
    const body = rec(r);
    spec[key] = { ...body, action: weightedTargets(rec(body['action']), ctx, [...path, key, 'action']) };
  }
  return spec;
}

function kubernetesObject(kind: string, key: (o: K8sObject) => string): KindConverter {
  return (obj, ctx) => {
    const k = key(obj);
    const metadata = { ...obj.metadata, creationTimestamp: ctx.creationTimestamp(kind, k) };
    const value = { apiVersion: obj.apiVersion, kind: obj.kind, metadata, ...(obj.kind === 'Service' ? { spec: obj.spec ?? {} } : {}) };
    return [{ op: 'put-object', kind, key: k, value }];
  };
}

export const KIND_CONVERTERS: Readonly<Record<string, KindConverter>> = {
  Namespace: kubernetesObject(NAMESPACE_OBJECT_KIND, (o) => o.metadata.name),
  Service: kubernetesObject(SERVICE_OBJECT_KIND, (o) => `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`),
  Deployment: () => [],

  Mesh: (obj, ctx) => {
    const s = rec(obj.spec);
    const spec: Record<string, unknown> = pick(s, ['egressFilter']);
    if (s['meshServiceDiscovery'] !== undefined) spec['serviceDiscovery'] = s['meshServiceDiscovery'];
    return [{ op: 'upsert', id: idOf(ctx), spec, k8s: origin(obj, ['namespaceSelector', 'meshOwner']) }];
  },

  VirtualNode: (obj, ctx) => {
    const s = rec(obj.spec);
    const spec: Record<string, unknown> = toApiSpelling(pick(s, ['listeners', 'serviceDiscovery', 'backendDefaults', 'logging']));
    if (s['backends'] !== undefined) {
      spec['backends'] = arr(s['backends']).map((b, i) => {
        const vs = rec(rec(b)['virtualService']);
        const virtualServiceName = ctx.target(vs, 'virtualServiceRef', 'virtualServiceARN', 'VirtualService', ['spec', 'backends', i, 'virtualService']);
        return { virtualService: { virtualServiceName, ...toApiSpelling(pick(vs, ['clientPolicy'])) } };
      });
    }
    return [{ op: 'upsert', id: idOf(ctx), spec, k8s: origin(obj, ['podSelector', 'backendGroups']) }];
  },

  VirtualService: (obj, ctx) => {
    const provider = rec(rec(obj.spec)['provider']);
    const spec: Record<string, unknown> = {};
    if (provider['virtualNode'] !== undefined) {
      const name = ctx.target(rec(provider['virtualNode']), 'virtualNodeRef', 'virtualNodeARN', 'VirtualNode', ['spec', 'provider', 'virtualNode']);
      spec['provider'] = { virtualNode: { virtualNodeName: name } };
    } else if (provider['virtualRouter'] !== undefined) {
      const name = ctx.target(rec(provider['virtualRouter']), 'virtualRouterRef', 'virtualRouterARN', 'VirtualRouter', ['spec', 'provider', 'virtualRouter']);
      spec['provider'] = { virtualRouter: { virtualRouterName: name } };
    }
    return [{ op: 'upsert', id: idOf(ctx), spec, k8s: origin(obj, []) }];
  },

  VirtualRouter: (obj, ctx) => {
    const s = rec(obj.spec);
    const self = ctx.self!;
    const router: Mutation = { op: 'upsert', id: idOf(ctx), spec: pick(s, ['listeners']), k8s: origin(obj, []) };
    const routes = arr(s['routes']).map((r, i): Mutation => {
      const route = rec(r);
      const id: ResourceId = { kind: 'Route', meshName: self.meshName, name: String(route['name']), parentName: self.awsName };
      return { op: 'upsert', id, spec: routeSpec(route, ctx, ['spec', 'routes', i]) };
    });
    const wanted = new Set(arr(s['routes']).map((r) => String(rec(r)['name'])));
    const dropped = ctx
      .storedRouteNames(self.meshName, self.awsName)
      .filter((name) => !wanted.has(name))
      .map((name): Mutation => ({ op: 'delete', id: { kind: 'Route', meshName: self.meshName, name, parentName: self.awsName } }));
    return [router, ...routes, ...dropped];
  },

  VirtualGateway: (obj, ctx) => {
    const spec = toApiSpelling(pick(rec(obj.spec), ['listeners', 'logging', 'backendDefaults']));
    return [{ op: 'upsert', id: idOf(ctx), spec, k8s: origin(obj, ['namespaceSelector', 'podSelector', 'gatewayRouteSelector']) }];
  },

  GatewayRoute: (obj, ctx) => {
    const s = rec(obj.spec);
    const gateway = ctx.gatewayFor(obj);
    const spec: Record<string, unknown> = pick(s, ['priority']);
    for (const key of ['httpRoute', 'http2Route', 'grpcRoute']) {
      if (s[key] === undefined) continue;
      const body = rec(s[key]);
      const action = rec(body['action']);
      const target = rec(action['target']);
      const path = ['spec', key, 'action', 'target', 'virtualService'];
      const virtualServiceName = ctx.target(rec(target['virtualService']), 'virtualServiceRef', 'virtualServiceARN', 'VirtualService', path);
      spec[key] = { ...body, action: { ...action, target: { virtualService: { virtualServiceName }, ...pick(target, ['port']) } } };
    }
    return [{ op: 'upsert', id: idOf(ctx, gateway), spec, k8s: origin(obj, []) }];
  },
};
