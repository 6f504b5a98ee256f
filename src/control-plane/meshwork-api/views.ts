/**
 * Finding stored objects by their Kubernetes names and showing them as manifests: App Mesh resources
 * through the reverse conversion, Namespace and Service objects as stored.
 */
import { BadRequestError, NotFoundError } from '../../core/errors.js';
import type { AppMeshKind } from '../../api/kinds.js';
import { isReadableKind, MANIFEST_KINDS, resolveKindName, type ManifestKind } from '../../api/k8s/kinds.js';
import { toManifestView, type ResourceLookup } from '../../api/k8s/reverse.js';
import { NAMESPACE_OBJECT_KIND, SERVICE_OBJECT_KIND, type K8sObject } from '../../api/k8s/types.js';
import type { StoreReader } from '../../store/store.js';
import type { MeshResource, ResourceManager } from '../manager/manager.js';

export interface ViewDeps {
  readonly manager: ResourceManager;
  readonly store: StoreReader;
}

/** `namespace` undefined = all namespaces. */
export interface Scope {
  readonly namespace: string | undefined;
}

export function kindFromPath(name: string): ManifestKind {
  const kind = resolveKindName(name);
  if (!kind || !isReadableKind(kind)) {
    const known = MANIFEST_KINDS.filter(isReadableKind).map((k) => k.plural).join(', ');
    throw new BadRequestError(`the server doesn't have a resource type "${name}"; known: ${known}`);
  }
  return kind;
}

function lookupIn(manager: ResourceManager): ResourceLookup {
  return (kind, meshName, name) => manager.listAll(kind).find((r) => r.id.meshName === meshName && r.id.name === name);
}

function routesOf(manager: ResourceManager, router: MeshResource): MeshResource[] {
  if (router.id.kind !== 'VirtualRouter') return [];
  return manager.listAll('Route').filter((r) => r.id.meshName === router.id.meshName && r.id.parentName === router.id.name);
}

export function resourceView(deps: ViewDeps, r: MeshResource): K8sObject {
  return toManifestView(r, lookupIn(deps.manager), routesOf(deps.manager, r));
}

function inScope(kind: ManifestKind, namespace: string | undefined, scope: Scope): boolean {
  return !kind.namespaced || scope.namespace === undefined || namespace === scope.namespace;
}

/** The stored App Mesh resources of a manifest kind that a scope shows. */
export function listResources(deps: ViewDeps, kind: ManifestKind & { appmesh: AppMeshKind }, scope: Scope): MeshResource[] {
  return deps.manager.listAll(kind.appmesh).filter((r) => inScope(kind, r.k8s?.namespace, scope) && (r.k8s !== undefined || scope.namespace === undefined || !kind.namespaced));
}

export function listViews(deps: ViewDeps, kind: ManifestKind, scope: Scope): K8sObject[] {
  if (kind.appmesh) {
    const appmesh = kind.appmesh;
    return listResources(deps, { ...kind, appmesh }, scope).map((r) => resourceView(deps, r));
  }
  const storeKind = kind.kind === 'Namespace' ? NAMESPACE_OBJECT_KIND : SERVICE_OBJECT_KIND;
  const prefix = kind.namespaced && scope.namespace !== undefined ? `${scope.namespace}/` : undefined;
  return deps.store.list<K8sObject>(storeKind, prefix).map((o) => o.value);
}

/** One App Mesh resource by its Kubernetes name (or App Mesh name, for resources made through the API). */
export function findResource(deps: ViewDeps, kind: ManifestKind & { appmesh: AppMeshKind }, name: string, namespace: string | undefined): MeshResource {
  const all = deps.manager.listAll(kind.appmesh);
  const ns = kind.namespaced ? namespace : undefined;
  const found = all.find((r) => r.k8s?.name === name && (ns === undefined || r.k8s.namespace === ns)) ?? all.find((r) => r.k8s === undefined && r.id.name === name);
  if (!found) throw new NotFoundError(notFoundMessage(kind, name));
  return found;
}

export function notFoundMessage(kind: ManifestKind, name: string): string {
  return `${kind.plural}${kind.group ? `.${kind.group}` : ''} "${name}" not found`;
}

export function getView(deps: ViewDeps, kind: ManifestKind, name: string, namespace: string | undefined): K8sObject {
  if (kind.appmesh) return resourceView(deps, findResource(deps, { ...kind, appmesh: kind.appmesh }, name, namespace));
  const key = kind.kind === 'Namespace' ? name : `${namespace ?? 'default'}/${name}`;
  const stored = deps.store.get<K8sObject>(kind.kind === 'Namespace' ? NAMESPACE_OBJECT_KIND : SERVICE_OBJECT_KIND, key);
  if (!stored) throw new NotFoundError(notFoundMessage(kind, name));
  return stored.value;
}
