/**
 * Contract tests for the change feed: changesSince, watch replay and live delivery, several watchers,
 * unsubscribe, rollback, compaction and failing listeners.
 */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { ConflictError } from '../core/errors.js';
import type { ResourceStore } from './store.js';
import { memoryLogger, Recorder, summarize, type ContractStoreOptions, type StoreContractBackend } from './store-contract-support.js';

export function describeFeedContract(backend: StoreContractBackend): void {
  async function open(t: TestContext, options: ContractStoreOptions = {}): Promise<ResourceStore> {
    const store = await backend.openFresh(options);
    t.after(() => store.close());
    return store;
  }

  /** Commits `count` transactions, each putting `K/k<n>`. */
  async function commit(store: ResourceStore, count: number): Promise<void> {
    for (let i = 0; i < count; i++) await store.transact((tx) => tx.put('K', `k${store.revision() + 1}`, i));
  }

  describe('change feed', () => {
    test('changesSince lists the changes after a revision, in commit order, with before and after', async (t) => {
      const store = await open(t);
      await store.transact((tx) => {
        tx.put('K', 'a', 1);
        tx.put('K', 'b', 1);
      });
      await store.transact((tx) => {
        tx.put('K', 'a', 2);
        tx.delete('K', 'b');
      });
      assert.deepEqual(summarize(store.changesSince(0)), ['1 put K a v1', '1 put K b v1', '2 put K a v2', '2 delete K b v1']);
      const [update, removal] = store.changesSince(1);
      assert.deepEqual([update?.previous?.value, update?.object?.value], [1, 2]);
      assert.deepEqual([removal?.previous?.value, removal?.object], [1, undefined]);
      assert.equal(store.changesSince(0)[0]?.previous, undefined);
      assert.deepEqual(store.changesSince(2), []);
    });

    test('watch replays the retained changes after from, then delivers each transaction as one batch, in order', async (t) => {
      const store = await open(t);
      await commit(store, 3);
      const recorder = new Recorder();
      const stop = store.watch(1, recorder.listener);
      t.after(stop);
      await store.transact((tx) => {
        tx.put('K', 'x', 1);
        tx.put('K', 'y', 1);
        tx.delete('K', 'k1');
      });
      await commit(store, 1);
      await recorder.until(4);
      assert.deepEqual(recorder.revisions(), [2, 3, 4, 5]);
      assert.deepEqual(summarize(recorder.batches[2] ?? []), ['4 put K x v1', '4 put K y v1', '4 delete K k1 v1']);
      assert.equal(recorder.batches.length, 4);
    });

    test('watch from the current revision delivers only new changes; a listener sees committed state', async (t) => {
      const store = await open(t);
      await commit(store, 2);
      const seen: unknown[] = [];
      const recorder = new Recorder();
      const stop = store.watch(store.revision(), (batch) => {
        seen.push(store.get('K', batch[0]?.key ?? '')?.value);
        recorder.listener(batch);
      });
      t.after(stop);
      await store.transact((tx) => tx.put('K', 'new', 'committed'));
      await recorder.until(1);
      assert.deepEqual(recorder.revisions(), [3]);
      assert.deepEqual(seen, ['committed']);
    });

    test('several watchers receive the same batches in the same order', async (t) => {
      const store = await open(t);
      await commit(store, 2);
      const early = new Recorder();
      const late = new Recorder();
      t.after(store.watch(0, early.listener));
      await commit(store, 2);
      t.after(store.watch(0, late.listener));
      await commit(store, 2);
      await early.until(6);
      await late.until(6);
      assert.deepEqual(early.revisions(), [1, 2, 3, 4, 5, 6]);
      assert.deepEqual(late.batches.map(summarize), early.batches.map(summarize));
    });

    test('an unsubscribed watcher receives nothing more', async (t) => {
      const store = await open(t);
      const stopped = new Recorder();
      const witness = new Recorder();
      const stop = store.watch(0, stopped.listener);
      t.after(store.watch(0, witness.listener));
      await commit(store, 1);
      await stopped.until(1);
      const pending = store.transact((tx) => tx.put('K', 'queued', 1));
      stop();
      await pending;
      await commit(store, 1);
      await witness.until(3);
      assert.deepEqual(stopped.revisions(), [1]);
      assert.deepEqual(witness.revisions(), [1, 2, 3]);
    });

    test('a rolled-back transaction emits no events', async (t) => {
      const store = await open(t);
      await commit(store, 1);
      const recorder = new Recorder();
      t.after(store.watch(1, recorder.listener));
      await assert.rejects(
        store.transact((tx) => {
          tx.put('K', 'ghost', 1);
          throw new Error('abort');
        }),
      );
      await store.transact((tx) => tx.put('K', 'real', 1));
      await recorder.until(1);
      assert.deepEqual(recorder.batches.map(summarize), [['2 put K real v1']]);
    });

    test('changes older than the retained log are compacted: changesSince and watch from there throw ConflictError', async (t) => {
      const store = await open(t, { retainRevisions: 3 });
      await commit(store, 6);
      assert.throws(() => store.changesSince(0), ConflictError);
      assert.throws(() => store.changesSince(2), ConflictError);
      assert.throws(() => store.watch(1, () => assert.fail('a refused watcher must not be called')), ConflictError);
      assert.deepEqual(
        store.changesSince(3).map((e) => e.revision),
        [4, 5, 6],
      );
      const recorder = new Recorder();
      t.after(store.watch(3, recorder.listener));
      await recorder.until(3);
      assert.deepEqual(recorder.revisions(), [4, 5, 6]);
      assert.deepEqual(store.list('K').length, 6, 'compaction drops changes, never objects');
    });

    test('compaction is remembered across close and reopen', async (t) => {
      const first = await backend.openFresh({ retainRevisions: 2 });
      await commit(first, 5);
      await first.close();
      const store = await backend.reopen(first, { retainRevisions: 2 });
      t.after(() => store.close());
      assert.throws(() => store.changesSince(2), ConflictError);
      assert.deepEqual(store.changesSince(3).map((e) => e.revision), [4, 5]);
      assert.deepEqual(store.changesSince(0 + store.revision()), []);
    });

    test('a throwing listener is logged and disturbs neither other watchers nor the store', async (t) => {
      const { logger, lines } = memoryLogger();
      const store = await open(t, { logger });
      const thrower = new Recorder();
      const witness = new Recorder();
      t.after(
        store.watch(0, (batch) => {
          thrower.listener(batch);
          throw new Error('listener exploded');
        }),
      );
      t.after(store.watch(0, witness.listener));
      await commit(store, 2);
      await witness.until(2);
      await thrower.until(2);
      assert.deepEqual(witness.revisions(), [1, 2]);
      assert.deepEqual(thrower.revisions(), [1, 2], 'a throwing listener stays subscribed');
      assert.equal(lines.filter((l) => l.includes('listener exploded')).length, 2);
      assert.equal(store.revision(), 2);
    });
  });
}
