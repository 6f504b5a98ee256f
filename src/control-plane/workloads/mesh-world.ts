/**
 * Builds the PlacementWorld from the resource manager and the Kubernetes Namespace objects in the
 * store: meshes with their namespaceSelector, and the virtual nodes and gateways that came from
 * manifests with their podSelector (all kept in each resource's K8sOrigin).
 */
import type { ResourceStore } from '../../store/store.js';
import type { MeshResource, ResourceManager } from '../manager/manager.js';
import { NAMESPACE_OBJECT_KIND, type LabelSelector } from '../../api/k8s/types.js';
import type { PlacementListener, PlacementTarget, PlacementWorld, PlacementWorldSource } from './placement.js';

type CloudMapTarget = NonNullable<PlacementTarget['cloudMap']>;

interface ListenerSpec {
  readonly portMapping?: { readonly port?: number; readonly protocol?: string };
  readonly healthCheck?: unknown;
}

interface ProxySpec {
  readonly listeners?: readonly ListenerSpec[];
  readonly serviceDiscovery?: {
    readonly awsCloudMap?: { readonly namespaceName: string; readonly serviceName: string; readonly attributes?: readonly { key: string; value: string }[] };
  };
}

function listeners(spec: ProxySpec): PlacementListener[] {
  return (spec.listeners ?? []).flatMap((l) =>
    l.portMapping?.port === undefined
      ? []
      : [{ port: l.portMapping.port, protocol: l.portMapping.protocol ?? 'http', ...(l.healthCheck !== undefined && { healthChecked: true }) }],
  );
}

/** A virtual node's `serviceDiscovery.awsCloudMap`, attributes as a record; undefined when it uses none. */
export function cloudMapOf(nodeSpec: unknown): CloudMapTarget | undefined {
  const cloudMap = (nodeSpec as ProxySpec).serviceDiscovery?.awsCloudMap;
  if (!cloudMap) return undefined;
  return {
    namespaceName: cloudMap.namespaceName,
    serviceName: cloudMap.serviceName,
    attributes: Object.fromEntries((cloudMap.attributes ?? []).map((a) => [a.key, a.value])),
  };
}

function toTarget(r: MeshResource, kind: 'virtualNode' | 'virtualGateway'): PlacementTarget | undefined {
  if (!r.k8s?.namespace) return undefined;
  // Selectors were validated when the manifest was applied.
  const podSelector = r.k8s.extra?.['podSelector'] as LabelSelector | undefined;
  const cloudMap = kind === 'virtualNode' ? cloudMapOf(r.spec) : undefined;
  return {
    node: { meshName: r.id.meshName, kind, name: r.id.name },
    k8sName: r.k8s.name,
    namespace: r.k8s.namespace,
    listeners: listeners(r.spec as ProxySpec),
    ...(podSelector ? { podSelector } : {}),
    ...(cloudMap ? { cloudMap } : {}),
  };
}

/** Labels of a stored Namespace object (the manifest as applied, or a bare `{labels}`). */
function namespaceLabels(value: unknown): Record<string, string> {
  const v = value as { metadata?: { labels?: Record<string, string> }; labels?: Record<string, string> } | null;
  return { ...(v?.metadata?.labels ?? v?.labels ?? {}) };
}

export function createMeshWorldSource(manager: ResourceManager, store: ResourceStore): PlacementWorldSource {
  return {
    world(): PlacementWorld {
      const targets = [
        ...manager.listAll('VirtualNode').map((r) => toTarget(r, 'virtualNode')),
        ...manager.listAll('VirtualGateway').map((r) => toTarget(r, 'virtualGateway')),
      ].filter((t): t is PlacementTarget => t !== undefined);
      return {
        namespaces: store.list(NAMESPACE_OBJECT_KIND).map((o) => ({ name: o.key, labels: namespaceLabels(o.value) })),
        meshes: manager.listAll('Mesh').map((m) => {
          const namespaceSelector = m.k8s?.extra?.['namespaceSelector'] as LabelSelector | undefined;
          return namespaceSelector ? { name: m.id.name, namespaceSelector } : { name: m.id.name };
        }),
        targets,
      };
    },
  };
}
