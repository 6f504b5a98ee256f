/**
 * The part of the control plane local mode talks to, in-process for runner tests: the HTTP server
 * with the workloads module and a WorkloadRegistry over a real SQLite store in a temp directory. The
 * mesh state for placement is given as a fixed PlacementWorld.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { LogRegistry } from '../../src/core/log.js';
import { HttpRouter } from '../../src/control-plane/http/router.js';
import { ControlPlaneHttpServer } from '../../src/control-plane/http/server.js';
import { createWorkloadsModule } from '../../src/control-plane/workloads/http-module.js';
import type { PlacementWorld } from '../../src/control-plane/workloads/placement.js';
import { WorkloadRegistry } from '../../src/control-plane/workloads/registry.js';
import { openSqliteStore } from '../../src/store/sqlite/backend.js';
import type { ResourceStore } from '../../src/store/store.js';

export interface WorkloadsControlPlane {
  readonly url: string;
  readonly registry: WorkloadRegistry;
  readonly store: ResourceStore;
  /** Stops the HTTP server (ending every open registration) and starts a new one on the same port. */
  restartHttp(): Promise<void>;
  close(): Promise<void>;
}

export async function startWorkloadsControlPlane(world: PlacementWorld): Promise<WorkloadsControlPlane> {
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-workloads-'));
  const logs = new LogRegistry('off');
  const store = openSqliteStore({ dataDir: dir, logger: logs.get('store') });
  const registry = new WorkloadRegistry(store, systemClock);
  const router = new HttpRouter();
  router.register(createWorkloadsModule(registry, { world: () => world }, logs.get('workloads')));
  let server = new ControlPlaneHttpServer({ host: '127.0.0.1', port: 0, router, log: logs.get('http') });
  await server.start();
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    registry,
    store,
    async restartHttp() {
      await server.close();
      await registry.purge();
      server = new ControlPlaneHttpServer({ host: '127.0.0.1', port, router, log: logs.get('http') });
      await server.start();
    },
    async close() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The chapter's green namespace: mesh webapp selects `mesh=webapp`; green-v1 listens on 8081. */
export const GREEN_WORLD: PlacementWorld = {
  namespaces: [{ name: 'green', labels: { mesh: 'webapp' } }],
  meshes: [{ name: 'webapp', namespaceSelector: { matchLabels: { mesh: 'webapp' } } }],
  targets: [
    {
      node: { meshName: 'webapp', kind: 'virtualNode', name: 'green-v1_green' },
      k8sName: 'green-v1',
      namespace: 'green',
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'green-v1' } },
      listeners: [{ port: 8081, protocol: 'http', healthChecked: true }],
    },
  ],
};

/** GREEN_WORLD plus the chapter's ingress gateway (namespace ingress, listener 8088). */
export const GATEWAY_WORLD: PlacementWorld = {
  namespaces: [...GREEN_WORLD.namespaces, { name: 'ingress', labels: { mesh: 'webapp' } }],
  meshes: GREEN_WORLD.meshes,
  targets: [
    ...GREEN_WORLD.targets,
    {
      node: { meshName: 'webapp', kind: 'virtualGateway', name: 'ingress-gw_ingress' },
      k8sName: 'ingress-gw',
      namespace: 'ingress',
      podSelector: { matchLabels: { app: 'ingress-gw' } },
      listeners: [{ port: 8088, protocol: 'http' }],
    },
  ],
};
