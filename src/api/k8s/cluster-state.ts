/**
 * What manifest conversion reads of the current state: stored Namespace objects (for mesh membership)
 * and stored App Mesh resources (for references made by name, mesh selectors and gateway selectors).
 * The control plane implements it over its resource manager and store; tests build one from arrays.
 */
import type { AppMeshKind } from '../kinds.js';
import type { MeshResource } from '../../control-plane/manager/manager.js';
import type { K8sObject } from './types.js';

export interface ClusterState {
  /** The stored Namespace object of that name, if any. */
  namespace(name: string): K8sObject | undefined;
  /** Every stored resource of a kind, across meshes. */
  resources(kind: AppMeshKind): readonly MeshResource[];
  /** A stored non-App Mesh object (`k8s.Namespace`, `k8s.Service`) by kind and key. */
  object(kind: string, key: string): unknown;
}

/** A fixed state, for tests and for dry runs. */
export function staticClusterState(init: {
  readonly namespaces?: readonly K8sObject[];
  readonly resources?: readonly MeshResource[];
  readonly objects?: ReadonlyMap<string, unknown>;
}): ClusterState {
  return {
    namespace: (name) => init.namespaces?.find((n) => n.metadata.name === name),
    resources: (kind) => (init.resources ?? []).filter((r) => r.id.kind === kind),
    object: (kind, key) => init.objects?.get(`${kind}/${key}`),
  };
}
