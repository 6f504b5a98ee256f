/**
 * Contract tests for objects and transactions: create/get/list, versions, expected versions, deletes,
 * rollback, read-your-own-writes, revisions, immutability, serialisation, persistence.
 */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { ConflictError, UnavailableError, ValidationError } from '../core/errors.js';
import type { ResourceStore } from './store.js';
import { keysOf, type ContractStoreOptions, type StoreContractBackend } from './store-contract-support.js';

export function describeObjectContract(backend: StoreContractBackend): void {
  async function open(t: TestContext, options: ContractStoreOptions = {}): Promise<ResourceStore> {
    const store = await backend.openFresh(options);
    t.after(() => store.close());
    return store;
  }

  describe('objects and transactions', () => {
    test('an empty store has revision 0, no objects and no changes', async (t) => {
      const store = await open(t);
      assert.equal(store.revision(), 0);
      assert.equal(store.get('VirtualNode', 'mesh/webapp/virtualNode/blue'), undefined);
      assert.deepEqual(store.list('VirtualNode'), []);
      assert.deepEqual(store.changesSince(0), []);
    });

    test('put stores objects that get returns and list returns sorted by key, filtered by prefix', async (t) => {
      const store = await open(t);
      await store.transact((tx) => {
        for (const key of ['mesh/b', 'mesh/a/x', 'other/z', 'mesh/a', 'mesh/a-1']) tx.put('K', key, { key });
        tx.put('L', 'mesh/a', { other: true });
      });
      assert.deepEqual(store.get('K', 'mesh/a/x')?.value, { key: 'mesh/a/x' });
      assert.equal(store.get('K', 'mesh/c'), undefined);
      assert.deepEqual(keysOf(store.list('K')), ['mesh/a', 'mesh/a-1', 'mesh/a/x', 'mesh/b', 'other/z']);
      assert.deepEqual(keysOf(store.list('K', 'mesh/a')), ['mesh/a', 'mesh/a-1', 'mesh/a/x']);
      assert.deepEqual(keysOf(store.list('K', 'mesh/a/')), ['mesh/a/x']);
      assert.deepEqual(keysOf(store.list('K', 'mesh/zz')), []);
      assert.deepEqual(keysOf(store.list('L')), ['mesh/a']);
      assert.deepEqual(store.list('M'), []);
    });

    test('keys sort in code point order, also beyond ASCII', async (t) => {
      const store = await open(t);
      const keys = ['a/\u{1F600}', 'a/\uFFFD', 'a/\u00E9', 'a/z', 'a/Z'];
      await store.transact((tx) => keys.forEach((key) => tx.put('K', key, key)));
      assert.deepEqual(keysOf(store.list('K')), ['a/Z', 'a/z', 'a/\u00E9', 'a/\uFFFD', 'a/\u{1F600}']);
      assert.deepEqual(keysOf(store.list('K', 'a/\uFFFD')), ['a/\uFFFD']);
    });

    test('version is 1 on create and +1 per put; revisions record creation and last change', async (t) => {
      const store = await open(t);
      await store.transact((tx) => tx.put('K', 'a', { n: 1 }));
      await store.transact((tx) => tx.put('K', 'other', {}));
      const updated = await store.transact((tx) => tx.put('K', 'a', { n: 2 }));
      assert.deepEqual({ ...updated }, { kind: 'K', key: 'a', value: { n: 2 }, version: 2, createRevision: 1, modRevision: 3 });
      assert.deepEqual(store.get('K', 'a'), updated);
      const twice = await store.transact((tx) => {
        tx.put('K', 'b', 1);
        return tx.put('K', 'b', 2);
      });
      assert.equal(twice.version, 2);
      assert.equal(twice.createRevision, 4);
      assert.equal(twice.modRevision, 4);
    });

    test('expectedVersion guards put and delete (0 = must not exist) and a mismatch changes nothing', async (t) => {
      const store = await open(t);
      await store.transact((tx) => tx.put('K', 'a', 'v1', { expectedVersion: 0 }));
      await store.transact((tx) => tx.put('K', 'a', 'v2', { expectedVersion: 1 }));
      const attempts: Array<[string, Parameters<ResourceStore['transact']>[0]]> = [
        ['create over an existing object', (tx) => tx.put('K', 'a', 'x', { expectedVersion: 0 })],
        ['update at a stale version', (tx) => tx.put('K', 'a', 'x', { expectedVersion: 1 })],
        ['update a missing object', (tx) => tx.put('K', 'missing', 'x', { expectedVersion: 1 })],
        ['delete at a stale version', (tx) => tx.delete('K', 'a', { expectedVersion: 1 })],
        ['delete a missing object at a version', (tx) => tx.delete('K', 'missing', { expectedVersion: 3 })],
        ['delete what must not exist', (tx) => tx.delete('K', 'a', { expectedVersion: 0 })],
      ];
      for (const [what, fn] of attempts) {
        await assert.rejects(
          store.transact((tx) => {
            tx.put('K', 'side-effect', what);
            return fn(tx);
          }),
          ConflictError,
          what,
        );
      }
      assert.equal(store.revision(), 2);
      assert.equal(store.get('K', 'side-effect'), undefined);
      assert.deepEqual({ value: store.get('K', 'a')?.value, version: store.get('K', 'a')?.version }, { value: 'v2', version: 2 });
      const deleted = await store.transact((tx) => tx.delete('K', 'a', { expectedVersion: 2 }));
      assert.equal(deleted?.version, 2);
      assert.equal(await store.transact((tx) => tx.delete('K', 'never', { expectedVersion: 0 })), undefined);
    });

    test('delete returns the removed object; deleting nothing is a no-op; a recreated object starts over', async (t) => {
      const store = await open(t);
      await store.transact((tx) => tx.put('K', 'a', { n: 1 }));
      await store.transact((tx) => tx.put('K', 'a', { n: 2 }));
      const removed = await store.transact((tx) => tx.delete('K', 'a'));
      assert.deepEqual(removed?.value, { n: 2 });
      assert.equal(store.get('K', 'a'), undefined);
      assert.deepEqual(store.list('K'), []);
      assert.equal(await store.transact((tx) => tx.delete('K', 'a')), undefined);
      assert.equal(store.revision(), 3);
      const again = await store.transact((tx) => tx.put('K', 'a', { n: 3 }));
      assert.deepEqual([again.version, again.createRevision, again.modRevision], [1, 4, 4]);
    });

    test('when fn throws, nothing it wrote is kept and the error is rethrown', async (t) => {
      const store = await open(t);
      await store.transact((tx) => {
        tx.put('K', 'keep', 1);
        tx.put('K', 'doomed', 1);
      });
      const boom = new Error('boom');
      await assert.rejects(
        store.transact((tx) => {
          tx.put('K', 'keep', 2);
          tx.put('K', 'new', 1);
          tx.delete('K', 'doomed');
          throw boom;
        }),
        (err) => err === boom,
      );
      assert.equal(store.revision(), 1);
      assert.deepEqual(keysOf(store.list('K')), ['doomed', 'keep']);
      assert.equal(store.get('K', 'keep')?.version, 1);
      assert.deepEqual(store.changesSince(1), []);
    });

    test('fn reads its own writes', async (t) => {
      const store = await open(t);
      await store.transact((tx) => tx.put('K', 'old', 1));
      const seen = await store.transact((tx) => {
        tx.put('K', 'new', { fresh: true });
        tx.put('K', 'old', 2);
        tx.delete('K', 'old');
        tx.put('K', 'old', 3);
        return { fresh: tx.get('K', 'new')?.value, old: tx.get('K', 'old')?.version, keys: keysOf(tx.list('K')) };
      });
      assert.deepEqual(seen, { fresh: { fresh: true }, old: 1, keys: ['new', 'old'] });
    });

    test('each transaction that writes advances the revision by one; one that writes nothing does not', async (t) => {
      const store = await open(t);
      const revisions: number[] = [];
      for (let i = 0; i < 5; i++) {
        await store.transact((tx) => tx.put('K', `k${i % 2}`, i));
        revisions.push(store.revision());
      }
      assert.deepEqual(revisions, [1, 2, 3, 4, 5]);
      assert.equal(await store.transact((tx) => tx.list('K').length), 2);
      assert.equal(store.revision(), 5);
      assert.deepEqual(store.changesSince(5), []);
    });

    test('values are immutable to callers: neither what was written nor what was read changes the store', async (t) => {
      const store = await open(t);
      const input = { spec: { listeners: [{ port: 8080 }] } };
      const written = await store.transact((tx) => tx.put('K', 'a', input));
      input.spec.listeners[0]!.port = 1;
      const attempt = (mutate: () => void) => {
        try {
          mutate();
        } catch {
          // A frozen value refuses the change; a copy accepts it. Either way the store must not change.
        }
      };
      attempt(() => ((written.value as typeof input).spec.listeners[0]!.port = 2));
      attempt(() => ((store.get<typeof input>('K', 'a')!.value.spec.listeners[0]!.port = 3)));
      attempt(() => ((store.list<typeof input>('K')[0]!.value.spec.listeners as unknown[]).push({ port: 4 })));
      attempt(() => ((store.changesSince(0)[0]!.object!.value as typeof input).spec.listeners[0]!.port = 5));
      attempt(() => ((store.get('K', 'a') as { version: number }).version = 9));
      assert.deepEqual(store.get('K', 'a')?.value, { spec: { listeners: [{ port: 8080 }] } });
      assert.equal(store.get('K', 'a')?.version, 1);
      assert.deepEqual(store.changesSince(0)[0]?.object?.value, { spec: { listeners: [{ port: 8080 }] } });
    });

    test('concurrent transact calls are serialised: none interleaves, each sees the ones before', async (t) => {
      const store = await open(t);
      const runs = Array.from({ length: 25 }, () =>
        store.transact((tx) => {
          const current = tx.get<number>('K', 'counter')?.value ?? 0;
          tx.put('K', 'counter', current + 1);
          return current + 1;
        }),
      );
      assert.deepEqual(await Promise.all(runs), Array.from({ length: 25 }, (_, i) => i + 1));
      assert.equal(store.get('K', 'counter')?.value, 25);
      assert.equal(store.revision(), 25);
    });

    test('a transact started inside fn runs after the outer transaction commits', async (t) => {
      const store = await open(t);
      let inner: Promise<unknown> | undefined;
      await store.transact((tx) => {
        tx.put('K', 'outer', 1);
        inner = store.transact((tx2) => tx2.get('K', 'outer')?.value);
      });
      assert.equal(await inner, 1);
    });

    test('the tx is usable only while fn runs', async (t) => {
      const store = await open(t);
      const kept = await store.transact((tx) => tx);
      assert.throws(() => kept.put('K', 'late', 1));
      assert.throws(() => kept.get('K', 'late'));
      assert.equal(store.revision(), 0);
    });

    test('fn must be synchronous: a promise-returning fn is refused and writes nothing', async (t) => {
      const store = await open(t);
      await assert.rejects(
        store.transact(async (tx) => {
          tx.put('K', 'a', 1);
        }),
        ValidationError,
      );
      assert.equal(store.get('K', 'a'), undefined);
      assert.equal(store.revision(), 0);
    });

    test('values JSON cannot hold and empty names are refused and change nothing', async (t) => {
      const store = await open(t);
      await assert.rejects(store.transact((tx) => tx.put('K', 'a', undefined)), /value: must be a JSON value/);
      const cyclic: Record<string, unknown> = {};
      cyclic['self'] = cyclic;
      await assert.rejects(store.transact((tx) => tx.put('K', 'a', cyclic)), ValidationError);
      await assert.rejects(store.transact((tx) => tx.put('K', '', 1)), /key: must be a non-empty string/);
      await assert.rejects(store.transact((tx) => tx.put('', 'a', 1)), /kind: must be a non-empty string/);
      assert.equal(store.revision(), 0);
      assert.deepEqual(store.list('K'), []);
    });

    test('objects, versions, revisions and the change log survive close and reopen', async (t) => {
      const first = await backend.openFresh({});
      await first.transact((tx) => tx.put('K', 'a', { n: 1 }));
      await first.transact((tx) => {
        tx.put('K', 'a', { n: 2 });
        tx.put('K', 'b', { n: 1 });
      });
      await first.transact((tx) => tx.delete('K', 'b'));
      await first.close();
      const store = await backend.reopen(first, {});
      t.after(() => store.close());
      assert.equal(store.revision(), 3);
      assert.deepEqual({ ...store.get('K', 'a') }, { kind: 'K', key: 'a', value: { n: 2 }, version: 2, createRevision: 1, modRevision: 2 });
      assert.equal(store.get('K', 'b'), undefined);
      assert.equal(store.changesSince(0).length, 4);
      const next = await store.transact((tx) => tx.put('K', 'a', { n: 3 }));
      assert.deepEqual([next.version, next.modRevision, store.revision()], [3, 4, 4]);
    });

    test('a closed store refuses work; close is idempotent', async () => {
      const store = await backend.openFresh({});
      await store.close();
      await store.close();
      await assert.rejects(store.transact((tx) => tx.put('K', 'a', 1)), UnavailableError);
      assert.throws(() => store.get('K', 'a'), UnavailableError);
      assert.throws(() => store.revision(), UnavailableError);
    });

    test('transactions queued before close still commit', async () => {
      const store = await backend.openFresh({});
      const queued = store.transact((tx) => tx.put('K', 'a', 1));
      const closed = store.close();
      assert.equal((await queued).version, 1);
      await closed;
      const reopened = await backend.reopen(store, {});
      try {
        assert.equal(reopened.get('K', 'a')?.value, 1);
      } finally {
        await reopened.close();
      }
    });
  });
}
