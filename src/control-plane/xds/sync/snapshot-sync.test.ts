import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as chapter from '../../../../test/support/chapter.js';
import { endpoint, FixtureEndpoints, writeResources } from '../../../../test/support/mesh-fixture.js';
import { openTempStore } from '../../../../test/support/temp-store.js';
import { LogRegistry } from '../../../core/log.js';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL, toStruct } from '../../../xds-api/index.js';
import { identityFromNode } from '../builder/identity.js';
import type { SnapshotUpdate } from '../server/provider.js';
import { select, versionOf } from '../server/snapshot.js';
import { SnapshotSync } from './snapshot-sync.js';

function recorder() {
  const updates: SnapshotUpdate[] = [];
  let wake: (() => void) | undefined;
  return {
    updates,
    onUpdate: (u: SnapshotUpdate) => {
      updates.push(u);
      wake?.();
    },
    /** Resolves once `n` updates have arrived (bounded). */
    until(n: number, ms = 5000): Promise<void> {
      if (updates.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${updates.length} of ${n} updates within ${ms} ms`)), ms);
        wake = () => {
          if (updates.length < n) return;
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}

const versionOfType = (u: SnapshotUpdate | undefined, typeUrl: typeof ROUTE_CONFIGURATION_TYPE_URL | typeof CLUSTER_LOAD_ASSIGNMENT_TYPE_URL) =>
  u?.kind === 'ready' ? versionOf(select(u.snapshot, typeUrl, 'wildcard')) : undefined;

async function startSync(t: { after(fn: () => unknown): void }, endpoints = new FixtureEndpoints(), flushSliceMs?: number) {
  const { store } = openTempStore(t);
  await writeResources(store, chapter.MESH, chapter.router(100, 0));
  const sync = new SnapshotSync({ store, endpoints, log: new LogRegistry('off').get('xds'), ...(flushSliceMs !== undefined ? { flushSliceMs } : {}) });
  await sync.start();
  t.after(() => sync.close());
  return { store, sync };
}

describe('snapshot sync', () => {
  it('rebuilds only the proxies a change affects', async (t) => {
    const { store, sync } = await startSync(t);
    const consumer = recorder();
    const green = recorder();
    sync.watch(identityFromNode('mesh/webapp/virtualNode/consumer_consumer', undefined), consumer.onUpdate);
    sync.watch(identityFromNode('mesh/webapp/virtualNode/green-v1_green', undefined), green.onUpdate);
    await Promise.all([consumer.until(1), green.until(1)]);

    await writeResources(store, chapter.MESH, [chapter.appRoute(50, 50)]);
    await consumer.until(2);
    assert.notEqual(versionOfType(consumer.updates[1], ROUTE_CONFIGURATION_TYPE_URL), versionOfType(consumer.updates[0], ROUTE_CONFIGURATION_TYPE_URL));
    assert.equal(green.updates.length, 1, 'green does not route to the router: not rebuilt, nothing pushed');
  });

  it('flushes a change after a quiet spell at once, and holds changes that follow until the debounce is up', async (t) => {
    const { store } = openTempStore(t);
    await writeResources(store, chapter.MESH, chapter.router(100, 0));
    let now = 1_000;
    const waits: number[] = [];
    const clock = {
      now: () => now,
      setTimeout(fn: () => void, ms: number) {
        waits.push(ms);
        const timer = setTimeout(fn, 0);
        return { cancel: () => clearTimeout(timer) };
      },
    };
    const sync = new SnapshotSync({ store, endpoints: new FixtureEndpoints(), log: new LogRegistry('off').get('xds'), clock, debounceMs: 50 });
    await sync.start();
    t.after(() => sync.close());
    const consumer = recorder();
    sync.watch(identityFromNode('mesh/webapp/virtualNode/consumer_consumer', undefined), consumer.onUpdate);
    await consumer.until(1);
    await writeResources(store, chapter.MESH, [chapter.appRoute(50, 50)]);
    await consumer.until(2);
    assert.deepEqual(waits, [0], 'the first change is not delayed');
    now += 10;
    await writeResources(store, chapter.MESH, [chapter.appRoute(20, 80)]);
    await consumer.until(3);
    assert.deepEqual(waits, [0, 40], 'a change 10 ms after a flush waits for the rest of the 50 ms');
    assert.notEqual(versionOfType(consumer.updates[2], ROUTE_CONFIGURATION_TYPE_URL), versionOfType(consumer.updates[1], ROUTE_CONFIGURATION_TYPE_URL));
  });

  it('a flush that yields between builds still pushes the change to every build', async (t) => {
    const { store, sync } = await startSync(t, new FixtureEndpoints(), 0);
    const id = 'mesh/webapp/virtualNode/consumer_consumer';
    const proxies = ['transparent', 'local'].map((mode) => {
      const r = recorder();
      sync.watch(identityFromNode(id, toStruct({ MESHWORK_INTERCEPTION: mode })), r.onUpdate);
      return r;
    });
    assert.equal(sync.buildCount(), 2);
    await Promise.all(proxies.map((p) => p.until(1)));

    await writeResources(store, chapter.MESH, [chapter.appRoute(50, 50)]);
    await Promise.all(proxies.map((p) => p.until(2)));
    for (const p of proxies) {
      assert.notEqual(versionOfType(p.updates[1], ROUTE_CONFIGURATION_TYPE_URL), versionOfType(p.updates[0], ROUTE_CONFIGURATION_TYPE_URL));
    }
  });

  it('replicas of a virtual node share one build; a gateway build is per address', async (t) => {
    const { sync } = await startSync(t);
    const id = 'mesh/webapp/virtualNode/consumer_consumer';
    const stops = [1, 2, 3].map((n) => sync.watch(identityFromNode(id, toStruct({ MESHWORK_ADDRESS: `127.0.0.${n}` })), () => undefined));
    assert.equal(sync.buildCount(), 1);
    sync.watch(identityFromNode(id, toStruct({ MESHWORK_INTERCEPTION: 'local' })), () => undefined);
    assert.equal(sync.buildCount(), 2, 'another interception mode is another build');
    for (const stop of stops) stop();
    assert.equal(sync.buildCount(), 1, 'a build goes with its last watcher');
  });

  it('an endpoint change produces a new EDS version and nothing else', async (t) => {
    const eps = new FixtureEndpoints();
    eps.dns.set('blue-v1.blue.svc.cluster.local', [endpoint('10.0.0.1', 'a')]);
    eps.dns.set('green-v1.green.svc.cluster.local', [endpoint('10.0.0.2', 'b')]);
    const { sync } = await startSync(t, eps);
    const consumer = recorder();
    sync.watch(identityFromNode('mesh/webapp/virtualNode/consumer_consumer', undefined), consumer.onUpdate);
    await consumer.until(1);
    eps.dns.set('blue-v1.blue.svc.cluster.local', [endpoint('10.0.0.1', 'a', 'UNHEALTHY')]);
    eps.changed();
    await consumer.until(2);
    const [before, after] = consumer.updates;
    assert.notEqual(versionOfType(after, CLUSTER_LOAD_ASSIGNMENT_TYPE_URL), versionOfType(before, CLUSTER_LOAD_ASSIGNMENT_TYPE_URL));
    assert.equal(versionOfType(after, ROUTE_CONFIGURATION_TYPE_URL), versionOfType(before, ROUTE_CONFIGURATION_TYPE_URL));
  });
});
