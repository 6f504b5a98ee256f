/**
 * Test inputs for the snapshot builder: a read-only store holding App Mesh resources as the manager
 * stores them (specs validated and defaulted by the resource model), and `FixtureEndpoints`, a stand-in EndpointSource with fixed answers.
 */
import { parseSpec } from '../../src/api/validate.js';
import { resourcePath, type AppMeshKind, type ResourceId } from '../../src/api/kinds.js';
import type { DiscoveredEndpoint, EndpointSource, CloudMapQuery } from '../../src/control-plane/registry/endpoints.js';
import type { ResourceStore, StoredObject, StoreReader } from '../../src/store/store.js';

export interface FixtureResource {
  readonly kind: AppMeshKind;
  readonly name: string;
  readonly parentName?: string;
  readonly spec: unknown;
}

/** The store object the manager would write for a resource: kind, key (resource path), MeshResource-like value. */
export function fixtureRecord(meshName: string, r: FixtureResource): { kind: AppMeshKind; key: string; value: unknown } {
  const spec = parseSpec(r.kind, r.spec);
  const id: ResourceId = { kind: r.kind, meshName, name: r.name, ...(r.parentName !== undefined ? { parentName: r.parentName } : {}) };
  return { kind: r.kind, key: resourcePath(id), value: { id, spec, status: { status: 'ACTIVE' }, tags: [] } };
}

export function fixtureStore(meshName: string, resources: readonly FixtureResource[]): StoreReader {
  const objects = new Map<string, StoredObject>();
  for (const r of resources) {
    const { kind, key, value } = fixtureRecord(meshName, r);
    objects.set(`${kind} ${key}`, { kind, key, value, version: 1, createRevision: 1, modRevision: 1 });
  }
  const reader: StoreReader = {
    get: <V>(kind: string, key: string) => objects.get(`${kind} ${key}`) as StoredObject<V> | undefined,
    list: <V>(kind: string, prefix = '') =>
      [...objects.values()]
        .filter((o) => o.kind === kind && o.key.startsWith(prefix))
        .sort((a, b) => a.key.localeCompare(b.key)) as StoredObject<V>[],
  };
  return reader;
}

/** Writes fixture resources into a real store in one transaction (as a manager apply would). */
export async function writeResources(store: ResourceStore, meshName: string, resources: readonly FixtureResource[]): Promise<void> {
  await store.transact((tx) => {
    for (const r of resources) {
      const { kind, key, value } = fixtureRecord(meshName, r);
      tx.put(kind, key, value);
    }
  });
}

export class FixtureEndpoints implements EndpointSource {
  readonly cloudMap = new Map<string, DiscoveredEndpoint[]>();
  readonly dns = new Map<string, DiscoveredEndpoint[]>();
  readonly #listeners = new Set<() => void>();

  cloudMapEndpoints(q: CloudMapQuery): DiscoveredEndpoint[] {
    const all = this.cloudMap.get(`${q.namespaceName}/${q.serviceName}`) ?? [];
    const want = Object.entries(q.attributes ?? {});
    return all.filter((e) => want.every(([k, v]) => e.attributes[k] === v));
  }
  dnsEndpoints(hostname: string): DiscoveredEndpoint[] | undefined {
    return this.dns.get(hostname);
  }
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  changed(): void {
    for (const l of this.#listeners) l();
  }
}

export function endpoint(address: string, instanceId: string, health: DiscoveredEndpoint['health'] = 'HEALTHY', port?: number): DiscoveredEndpoint {
  return { address, instanceId, health, attributes: {}, ...(port !== undefined ? { port } : {}) };
}
