import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameJson } from './same-json.js';

test('equal plain JSON, whatever the key order, is the same', () => {
  const a = { name: 'c', type: 'EDS', lb: [{ w: 1, on: true }, null], nested: { x: 'y', n: 0 } };
  const b = { type: 'EDS', nested: { n: 0, x: 'y' }, lb: [{ on: true, w: 1 }, null], name: 'c' };
  assert.equal(sameJson(a, b), true);
  assert.equal(sameJson({ any: { type_url: 't', value: Buffer.from([1, 2]) } }, { any: { type_url: 't', value: new Uint8Array([1, 2]) } }), true);
});

test('any difference in a value, a key, a length or a type is a difference', () => {
  const base = { name: 'c', list: [1, 2], nested: { x: 'y' } };
  for (const other of [
    { name: 'd', list: [1, 2], nested: { x: 'y' } },
    { name: 'c', list: [1, 2, 3], nested: { x: 'y' } },
    { name: 'c', list: [1, '2'], nested: { x: 'y' } },
    { name: 'c', list: [1, 2], nested: { x: 'y', z: 'extra' } },
    { name: 'c', list: [1, 2], nested: {} },
    { name: 'c', list: { 0: 1, 1: 2 }, nested: { x: 'y' } },
    { name: 'c', list: [1, 2], nested: null },
    { name: 'c', list: [1, 2] },
  ]) {
    assert.equal(sameJson(base, other), false, JSON.stringify(other));
    assert.equal(sameJson(other, base), false, `${JSON.stringify(other)} (reversed)`);
  }
  assert.equal(sameJson(Buffer.from([1, 2]), Buffer.from([1, 3])), false);
  assert.equal(sameJson(Buffer.from([1]), [1]), false);
});
