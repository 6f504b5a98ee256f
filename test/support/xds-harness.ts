/**
 * A running xDS control plane for tests: a real SQLite store in a temp directory, the snapshot sync,
 * and the ADS server on 127.0.0.1 port 0. Everything is closed when the test ends.
 */
import { LogRegistry } from '../../src/core/log.js';
import type { EndpointSource } from '../../src/control-plane/registry/endpoints.js';
import { AdsServer } from '../../src/control-plane/xds/server/ads-server.js';
import { ProxyRegistry } from '../../src/control-plane/xds/server/proxies.js';
import { SnapshotSync } from '../../src/control-plane/xds/sync/snapshot-sync.js';
import type { ResourceStore } from '../../src/store/store.js';
import { FixtureEndpoints, writeResources, type FixtureResource } from './mesh-fixture.js';
import { openTempStore } from './temp-store.js';

export interface XdsHarness {
  readonly store: ResourceStore;
  readonly endpoints: EndpointSource;
  readonly sync: SnapshotSync;
  readonly server: AdsServer;
  readonly registry: ProxyRegistry;
  readonly address: string;
  readonly logs: string[];
}

export async function startXds(
  t: { after(fn: () => unknown): void },
  meshName: string,
  resources: readonly FixtureResource[],
  endpoints: EndpointSource = new FixtureEndpoints(),
): Promise<XdsHarness> {
  const { store } = openTempStore(t);
  await writeResources(store, meshName, resources);
  const logs: string[] = [];
  const log = new LogRegistry('info', (line) => logs.push(line)).get('xds');
  const registry = new ProxyRegistry();
  const sync = new SnapshotSync({ store, endpoints, log, debounceMs: 5 });
  const server = new AdsServer({ host: '127.0.0.1', port: 0, provider: sync, registry, log });
  await sync.start();
  await server.start();
  t.after(async () => {
    server.destroy();
    await sync.close();
  });
  const { port } = server.address();
  return { store, endpoints, sync, server, registry, address: `127.0.0.1:${port}`, logs };
}
