/** Builds a proxy's snapshot from fixture resources, and renders it as sorted JSON for golden files. */
import assert from 'node:assert/strict';
import { buildSnapshot } from '../../src/control-plane/xds/builder/builder.js';
import { identityFromNode } from '../../src/control-plane/xds/builder/identity.js';
import { toStruct, type JsonValue } from '../../src/xds-api/index.js';
import { emptyDependencies, StoreMeshView } from '../../src/control-plane/xds/builder/mesh-view.js';
import { SharedPartCache } from '../../src/control-plane/xds/sync/shared-parts.js';
import type { XdsResources } from '../../src/control-plane/xds/builder/model.js';
import { FixtureEndpoints, fixtureStore, type FixtureResource } from './mesh-fixture.js';

export function snapshotJson(r: XdsResources): unknown {
  const obj = (m: Map<string, unknown>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
  return {
    listeners: obj(r.listeners),
    routes: obj(r.routes),
    clusters: obj(r.clusters),
    endpoints: obj(r.endpoints),
    api_listeners: obj(r.apiListeners),
  };
}

/**
 * The builder's output for one proxy. Also builds it twice through one SharedPartCache (the second
 * build takes every shared part from the first) and checks both equal the plain build, so every
 * golden snapshot holds for the sync loop's builds too.
 */
export function build(resources: FixtureResource[], nodeId: string, metadata: { [k: string]: JsonValue } = {}, endpoints = new FixtureEndpoints()): XdsResources {
  const proxy = identityFromNode(nodeId, toStruct(metadata));
  const store = fixtureStore(proxy.meshName, resources);
  const plain = buildSnapshot({ mesh: new StoreMeshView(store, proxy.meshName), endpoints, proxy });
  const cache = new SharedPartCache(store);
  for (let i = 0; i < 2; i++) {
    const deps = emptyDependencies();
    const shared = buildSnapshot({ mesh: new StoreMeshView(store, proxy.meshName, deps), endpoints, proxy, shared: cache.forBuild(deps) });
    assert.deepEqual(snapshotJson(shared), snapshotJson(plain), `build ${i + 1} with shared parts differs from the plain build`);
  }
  return plain;
}

