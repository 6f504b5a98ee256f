/**
 * The resource manager: the only way App Mesh resources change. The App Mesh REST API, manifest
 * apply (CLI) and, later, the Kubernetes controller all go through it, so they share one world.
 *
 * Contract:
 * - Every write is validated (all violations, with field paths) and reference-checked against the
 *   state *after* the whole batch, before anything is stored. Any failure changes nothing.
 * - `version` is 1 on create and +1 per change that alters spec or tags or Kubernetes origin;
 *   an update that changes nothing keeps the version and reports `unchanged`.
 * - Deletes refuse with `InUseError` (naming the dependents) while other resources refer to the target.
 * - A batch (`apply`) is one store transaction: all or nothing.
 */
import type { AppMeshKind, ResourceId } from '../../api/kinds.js';
import type { ResourceMetadata } from '../../api/metadata.js';

export type ResourceStatusValue = 'ACTIVE' | 'INACTIVE' | 'DELETED';

/** Defined with the model in src/api/metadata.ts; re-exported here for the manager's users. */
export type { ResourceMetadata } from '../../api/metadata.js';

export interface TagRef {
  readonly key: string;
  readonly value?: string;
}

/**
 * Where a resource came from when it was applied as a Kubernetes manifest: the object's name and
 * namespace and the fields App Mesh itself has no place for (selectors, labels).
 */
export interface K8sOrigin {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Kind-specific Kubernetes-only fields (podSelector, namespaceSelector, gatewayRouteSelector, ...). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** One stored App Mesh resource. `spec` is the API 2019-01-25 spec shape of its kind. */
export interface MeshResource<Spec = unknown> {
  readonly id: ResourceId;
  readonly spec: Spec;
  readonly metadata: ResourceMetadata;
  readonly status: { readonly status: ResourceStatusValue };
  readonly tags: readonly TagRef[];
  readonly k8s?: K8sOrigin;
}

export type Mutation =
  | {
      readonly op: 'create';
      readonly id: ResourceId;
      readonly spec: unknown;
      readonly tags?: readonly TagRef[];
      readonly clientToken?: string;
      readonly k8s?: K8sOrigin;
    }
  | {
      readonly op: 'update';
      readonly id: ResourceId;
      readonly spec: unknown;
      readonly clientToken?: string;
      readonly expectedVersion?: number;
      readonly k8s?: K8sOrigin;
    }
  /** Create when missing, update when present (manifest apply). */
  | { readonly op: 'upsert'; readonly id: ResourceId; readonly spec: unknown; readonly k8s?: K8sOrigin }
  | { readonly op: 'delete'; readonly id: ResourceId; readonly expectedVersion?: number }
  /**
   * Non-App Mesh objects stored in the same transaction, such as the Kubernetes Namespace and Service
   * objects local mode honours (kind `k8s.Namespace`, key `<name>`; kind `k8s.Service`, key `<ns>/<name>`).
   * Outcome is created/configured/unchanged/deleted as for resources.
   */
  | { readonly op: 'put-object'; readonly kind: string; readonly key: string; readonly value: unknown }
  | { readonly op: 'delete-object'; readonly kind: string; readonly key: string };

export type MutationOutcome = 'created' | 'configured' | 'unchanged' | 'deleted';

export interface MutationResult {
  readonly outcome: MutationOutcome;
  /** The resource after the change (for delete: as it was, with status DELETED); absent for objects. */
  readonly resource?: MeshResource;
  /** Things that are allowed but probably not meant, such as a backend naming a virtual service that does not exist yet. */
  readonly warnings?: readonly string[];
}

export interface ListOptions {
  readonly limit?: number;
  readonly nextToken?: string;
}

export interface ResourceManager {
  describe(id: ResourceId): MeshResource;
  /** Resources of a kind in a mesh (under a parent for Route/GatewayRoute), sorted by name; paginated. */
  list(kind: AppMeshKind, meshName: string, parentName?: string, options?: ListOptions): { items: MeshResource[]; nextToken?: string };
  /** Every resource of a kind across all meshes (CLI `get -A`). */
  listAll(kind: AppMeshKind): MeshResource[];
  /** Applies the mutations as one transaction; results are in input order. */
  apply(mutations: readonly Mutation[]): Promise<MutationResult[]>;
  /** Resources that refer to `id` (for describe and in-use errors). */
  dependents(id: ResourceId): ResourceId[];
  setTags(id: ResourceId, add: readonly TagRef[], removeKeys: readonly string[]): Promise<MeshResource>;
}
