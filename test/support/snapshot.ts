/** Builds a proxy's snapshot from fixture resources, and renders it as sorted JSON for golden files. */
import { buildSnapshot } from '../../src/control-plane/xds/builder/builder.js';
import { identityFromNode } from '../../src/control-plane/xds/builder/identity.js';
import { toStruct, type JsonValue } from '../../src/xds-api/index.js';
import { StoreMeshView } from '../../src/control-plane/xds/builder/mesh-view.js';
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

export function build(resources: FixtureResource[], nodeId: string, metadata: { [k: string]: JsonValue } = {}, endpoints = new FixtureEndpoints()): XdsResources {
  const proxy = identityFromNode(nodeId, toStruct(metadata));
  return buildSnapshot({ mesh: new StoreMeshView(fixtureStore(proxy.meshName, resources), proxy.meshName), endpoints, proxy });
}

