import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChangeFeed, batchesByRevision } from './change-feed.js';
import type { ChangeEvent } from './store.js';
import { memoryLogger } from './store-contract-support.js';

function event(revision: number, key: string): ChangeEvent {
  return { revision, type: 'delete', kind: 'K', key, object: undefined, previous: undefined };
}

test('batchesByRevision splits events into one batch per revision, in order', () => {
  const batches = batchesByRevision([event(1, 'a'), event(1, 'b'), event(2, 'c'), event(4, 'd')]);
  assert.deepEqual(
    batches.map((b) => b.map((e) => `${e.revision}${e.key}`)),
    [['1a', '1b'], ['2c'], ['4d']],
  );
  assert.ok(batches.every((b) => Object.isFrozen(b)));
});

test('delivery is asynchronous: never from inside add or publish', async () => {
  const feed = new ChangeFeed(memoryLogger().logger);
  const got: number[] = [];
  feed.add([event(1, 'a')], (b) => got.push(b[0]!.revision));
  feed.publish([event(2, 'b')]);
  assert.deepEqual(got, []);
  await Promise.resolve();
  assert.deepEqual(got, [1, 2]);
});

test('batches queued before unsubscribe are not delivered after it', async () => {
  const feed = new ChangeFeed(memoryLogger().logger);
  const got: number[] = [];
  const stop = feed.add([event(1, 'a')], (b) => got.push(b[0]!.revision));
  feed.publish([event(2, 'b')]);
  stop();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(got, []);
  assert.equal(feed.size, 0);
});

test('a listener that unsubscribes itself gets no further batch from the same flush', async () => {
  const feed = new ChangeFeed(memoryLogger().logger);
  const got: number[] = [];
  const stop: () => void = feed.add([event(1, 'a'), event(2, 'b')], (b) => {
    got.push(b[0]!.revision);
    stop();
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(got, [1]);
});

test('close delivers what is queued, then drops every watcher', () => {
  const feed = new ChangeFeed(memoryLogger().logger);
  const got: number[] = [];
  feed.add([], (b) => got.push(b[0]!.revision));
  feed.publish([event(7, 'a')]);
  feed.close();
  assert.deepEqual(got, [7]);
  assert.equal(feed.size, 0);
  feed.publish([event(8, 'b')]);
  assert.deepEqual(got, [7]);
});

test('a failing listener is logged with the revision and keeps receiving', async () => {
  const { logger, lines } = memoryLogger();
  const feed = new ChangeFeed(logger);
  let calls = 0;
  feed.add([event(3, 'a'), event(4, 'b')], () => {
    calls++;
    throw new Error('bad listener');
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(calls, 2);
  assert.match(lines[0] ?? '', /\[error\]\[store\] change listener failed at revision 3: bad listener/);
});
