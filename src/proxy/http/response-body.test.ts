import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOLD_LIMIT, ResponseBody } from './response-body.js';

/** Reads the way pipe() does, through 'data' events. */
function readAll(body: ResponseBody): Promise<string> {
  let out = '';
  body.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => (body.once('end', () => resolve(out)), body.once('error', reject)));
}

test('a body complete before anyone reads is taken whole, once', () => {
  const body = new ResponseBody();
  assert.equal(body.add(Buffer.from('hello ')), true);
  assert.equal(body.takeWhole(), undefined, 'not complete yet');
  body.add(Buffer.from('mesh'));
  body.finish(undefined);
  assert.equal(body.takeWhole()?.toString(), 'hello mesh');
  assert.equal(body.takeWhole(), undefined);
});

test('held chunks and later ones stream in order once read', async () => {
  const body = new ResponseBody();
  body.add(Buffer.from('a'));
  const all = readAll(body);
  body.add(Buffer.from('b'));
  body.finish(undefined);
  assert.equal(await all, 'ab');
  assert.equal(body.takeWhole(), undefined, 'a body that was read cannot be taken whole');
});

test('holding stops at HOLD_LIMIT: the connection is asked to pause and the stream resumes it', async () => {
  const body = new ResponseBody();
  let resumed = 0;
  assert.equal(body.add(Buffer.alloc(HOLD_LIMIT, 0x61)), true);
  assert.equal(body.add(Buffer.alloc(HOLD_LIMIT, 0x62)), false, 'past the limit the chunks go to a full stream');
  const all = readAll(body);
  await new Promise<void>((resolve) => (body.resumeUpstream = () => (resumed++, resolve())));
  body.finish(undefined);
  assert.equal(body.takeWhole(), undefined);
  assert.equal((await all).length, 2 * HOLD_LIMIT);
  assert.ok(resumed > 0, 'reading resumed the connection');
});

test('destroying an unfinished body aborts the upstream request', () => {
  const body = new ResponseBody();
  let aborted = false;
  body.abortUpstream = () => (aborted = true);
  body.add(Buffer.from('x'));
  body.destroy();
  assert.equal(aborted, true);
});
