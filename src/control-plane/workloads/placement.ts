/**
 * Which proxy a new local workload runs: the virtual node (or virtual gateway) whose `podSelector`
 * picks the workload's labels in its namespace, as App Mesh's sidecar injector decides for a pod.
 * Pure: the caller gathers the mesh state into a PlacementWorld.
 *
 * Rules (aws-app-mesh-controller's membership designators): only nodes and gateways in the workload's
 * own namespace are considered; an absent podSelector picks nothing, an empty one everything; the
 * namespace must belong to the node's mesh through the mesh's `namespaceSelector`; exactly one match
 * is required.
 */
import { formatLabels, formatSelector, matchesSelector } from '../../api/k8s/selector.js';
import type { LabelSelector } from '../../api/k8s/types.js';
import type { PlacementTarget } from '../../api/local-workload.js';

export type { PlacementTarget, PlacementListener } from '../../api/local-workload.js';

export interface PlacementNamespace {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface PlacementMesh {
  readonly name: string;
  /** Absent: the mesh takes no namespaces (Kubernetes semantics). */
  readonly namespaceSelector?: LabelSelector;
}

export interface PlacementWorld {
  readonly namespaces: readonly PlacementNamespace[];
  readonly meshes: readonly PlacementMesh[];
  readonly targets: readonly PlacementTarget[];
}

/** Gathers the current mesh state for placement decisions. */
export interface PlacementWorldSource {
  world(): PlacementWorld;
}

export interface PlacementRequest {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

export type PlacementResult =
  | { readonly outcome: 'placed'; readonly target: PlacementTarget }
  | { readonly outcome: 'no-mesh'; readonly namespace: string; readonly known: boolean; readonly meshes: readonly PlacementMesh[] }
  | { readonly outcome: 'no-match'; readonly candidates: readonly PlacementTarget[] }
  | { readonly outcome: 'ambiguous'; readonly matches: readonly PlacementTarget[] };

export function placeWorkload(req: PlacementRequest, world: PlacementWorld): PlacementResult {
  const ns = world.namespaces.find((n) => n.name === req.namespace);
  const meshNames = new Set(
    world.meshes.filter((m) => ns !== undefined && m.namespaceSelector !== undefined && matchesSelector(m.namespaceSelector, ns.labels)).map((m) => m.name),
  );
  if (meshNames.size === 0) return { outcome: 'no-mesh', namespace: req.namespace, known: ns !== undefined, meshes: world.meshes };
  const candidates = world.targets.filter((t) => t.namespace === req.namespace && meshNames.has(t.node.meshName));
  const matches = candidates.filter((t) => t.podSelector !== undefined && matchesSelector(t.podSelector, req.labels));
  if (matches.length === 1) return { outcome: 'placed', target: matches[0]! };
  if (matches.length === 0) return { outcome: 'no-match', candidates };
  return { outcome: 'ambiguous', matches };
}

function describeTarget(t: PlacementTarget): string {
  const selector = t.podSelector === undefined ? 'no podSelector' : `podSelector ${formatSelector(t.podSelector)}`;
  return `${t.node.kind === 'virtualNode' ? 'VirtualNode' : 'VirtualGateway'} ${t.k8sName} (${t.node.name}, ${selector})`;
}

/** One line saying why a workload could not be placed, listing what was considered. */
export function describePlacementFailure(req: PlacementRequest, result: Exclude<PlacementResult, { outcome: 'placed' }>): string {
  const who = `workload with labels ${formatLabels(req.labels)} in namespace ${req.namespace}`;
  switch (result.outcome) {
    case 'no-mesh': {
      const meshes = result.meshes.map((m) => `${m.name} (namespaceSelector ${m.namespaceSelector ? formatSelector(m.namespaceSelector) : 'none'})`);
      const why = result.known
        ? `no mesh selects namespace ${req.namespace} through its namespaceSelector`
        : `namespace ${req.namespace} has not been applied (apply a Namespace manifest with the labels your mesh selects)`;
      return `cannot place ${who}: ${why}; meshes: ${meshes.length === 0 ? 'none' : meshes.join(', ')}`;
    }
    case 'no-match':
      return `no virtual node or virtual gateway selects ${who}; candidates in that namespace: ${
        result.candidates.length === 0 ? 'none' : result.candidates.map(describeTarget).join(', ')
      }`;
    case 'ambiguous':
      return `${who} is selected by ${result.matches.length} resources, exactly one must select it: ${result.matches.map(describeTarget).join(', ')}`;
    default: {
      const never: never = result;
      return String(never);
    }
  }
}
