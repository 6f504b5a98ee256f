import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as chapter from '../../../../test/support/chapter.js';
import { FixtureEndpoints, fixtureStore } from '../../../../test/support/mesh-fixture.js';
import { buildSnapshot } from '../builder/builder.js';
import { identityFromNode } from '../builder/identity.js';
import { depKey, emptyDependencies, StoreMeshView, type Dependencies } from '../builder/mesh-view.js';
import type { StoreReader } from '../../../store/store.js';
import { toStruct } from '../../../xds-api/index.js';
import { SharedPartCache } from './shared-parts.js';

const ROUTES_OF_APP = depKey('Route', 'mesh/webapp/virtualRouter/app-router_consumer/route/');

/** The fixture store, counting how often a router's routes are listed (once per service resolution). */
function countingStore(): { store: StoreReader; routeLists: () => number } {
  const inner = fixtureStore(chapter.MESH, chapter.router(100, 0));
  let lists = 0;
  const store: StoreReader = {
    get: (kind, key) => inner.get(kind, key),
    list: (kind, prefix) => {
      if (kind === 'Route') lists++;
      return inner.list(kind, prefix);
    },
  };
  return { store, routeLists: () => lists };
}

function buildWith(store: StoreReader, cache: SharedPartCache, mode: string): Dependencies {
  const proxy = identityFromNode('mesh/webapp/virtualNode/consumer_consumer', toStruct({ MESHWORK_INTERCEPTION: mode }));
  const deps = emptyDependencies();
  buildSnapshot({ mesh: new StoreMeshView(store, chapter.MESH, deps), endpoints: new FixtureEndpoints(), proxy, shared: cache.forBuild(deps) });
  return deps;
}

describe('shared build parts', () => {
  it('a part is computed once for every build, and its reads count as each build\'s reads', () => {
    const { store, routeLists } = countingStore();
    const cache = new SharedPartCache(store);
    const first = buildWith(store, cache, 'transparent');
    const listsAfterFirst = routeLists();
    assert.ok(listsAfterFirst > 0);
    const second = buildWith(store, cache, 'local');
    assert.equal(routeLists(), listsAfterFirst, 'the second build resolves the router from the shared part');
    assert.ok(first.prefixes.has(ROUTES_OF_APP));
    assert.ok(second.prefixes.has(ROUTES_OF_APP), 'a route change still rebuilds the build that got the part');
  });

  it('after clear the parts are computed again', () => {
    const { store, routeLists } = countingStore();
    const cache = new SharedPartCache(store);
    buildWith(store, cache, 'transparent');
    const before = routeLists();
    cache.clear();
    buildWith(store, cache, 'transparent');
    assert.ok(routeLists() > before);
  });
});
