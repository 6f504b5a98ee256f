/**
 * Who each manifest object is in App Mesh terms: its mesh (through Namespace labels and the Meshes'
 * namespaceSelector, as the controller's webhook decides) and its `awsName` (default `name_namespace`,
 * `name.namespace` for a VirtualService, `name` for a Mesh).
 */
import type { AppMeshKind } from '../kinds.js';
import type { ClusterState } from './cluster-state.js';
import { formatLabels, formatSelector, matchesSelector } from './selector.js';
import type { K8sObject, LabelSelector } from './types.js';

export interface Identity {
  readonly kind: AppMeshKind;
  /** Kubernetes name and namespace (no namespace for a Mesh). */
  readonly name: string;
  readonly namespace?: string;
  readonly awsName: string;
  readonly meshName: string;
}

export function defaultAwsName(kind: AppMeshKind, name: string, namespace: string | undefined): string {
  if (kind === 'Mesh' || namespace === undefined) return name;
  return kind === 'VirtualService' ? `${name}.${namespace}` : `${name}_${namespace}`;
}

export function awsNameOf(kind: AppMeshKind, obj: K8sObject): string {
  const explicit = obj.spec?.['awsName'];
  return typeof explicit === 'string' ? explicit : defaultAwsName(kind, obj.metadata.name, obj.metadata.namespace);
}

interface MeshCandidate {
  readonly awsName: string;
  readonly selector: LabelSelector | undefined;
}

/** Decides mesh membership for namespaced objects of one batch. */
export class MeshMembership {
  readonly #labels = new Map<string, Readonly<Record<string, string>>>();
  readonly #meshes: MeshCandidate[] = [];
  readonly #state: ClusterState;

  constructor(batch: readonly K8sObject[], state: ClusterState) {
    for (const o of batch) if (o.kind === 'Namespace') this.#labels.set(o.metadata.name, o.metadata.labels ?? {});
    const batchMeshNames = new Set<string>();
    for (const o of batch) {
      if (o.kind !== 'Mesh') continue;
      batchMeshNames.add(o.metadata.name);
      this.#meshes.push({ awsName: awsNameOf('Mesh', o), selector: o.spec?.['namespaceSelector'] as LabelSelector | undefined });
    }
    for (const r of state.resources('Mesh')) {
      if (r.k8s && batchMeshNames.has(r.k8s.name)) continue;
      if (this.#meshes.some((m) => m.awsName === r.id.name)) continue;
      this.#meshes.push({ awsName: r.id.name, selector: r.k8s?.extra?.['namespaceSelector'] as LabelSelector | undefined });
    }
    this.#state = state;
  }

  labelsOf(namespace: string): Readonly<Record<string, string>> | undefined {
    const fromBatch = this.#labels.get(namespace);
    if (fromBatch) return fromBatch;
    const stored = this.#state.namespace(namespace);
    return stored ? (stored.metadata.labels ?? {}) : undefined;
  }

  /** The one mesh whose namespaceSelector picks `namespace`, or an explanation of why there is none. */
  meshFor(namespace: string): { mesh: string } | { error: string } {
    const labels = this.labelsOf(namespace);
    if (labels === undefined) {
      return { error: `namespace "${namespace}" is unknown; apply a Namespace manifest for it with the labels a Mesh's namespaceSelector picks` };
    }
    const picked = this.#meshes.filter((m) => m.selector !== undefined && matchesSelector(m.selector, labels));
    if (picked.length === 1) return { mesh: picked[0]!.awsName };
    if (picked.length === 0) {
      const selectors = this.#meshes.filter((m) => m.selector).map((m) => `${m.awsName} selects ${formatSelector(m.selector!)}`);
      return {
        error:
          `no Mesh selects namespace "${namespace}" (${formatLabels(labels)})` +
          (selectors.length > 0 ? `; ${selectors.join('; ')}` : '; apply a Mesh with a namespaceSelector first'),
      };
    }
    return { error: `namespace "${namespace}" is selected by more than one Mesh (${picked.map((m) => m.awsName).join(', ')}); exactly one must select it` };
  }
}
