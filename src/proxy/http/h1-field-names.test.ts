/** Interned header names: found in any case as the same constant, and nothing else is. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonName, COMMON_NAMES } from './h1-field-names.js';

const lookUp = (name: string): string | undefined => {
  const bytes = Buffer.from(`x${name}:`, 'latin1');
  return commonName(bytes, 1, 1 + name.length);
};

test('every common name, in lower, upper and mixed case, gives its lower-case constant', () => {
  assert.ok(COMMON_NAMES.length > 50);
  assert.equal(new Set(COMMON_NAMES).size, COMMON_NAMES.length, 'no name twice');
  for (const name of COMMON_NAMES) {
    assert.match(name, /^[a-z0-9-]+$/);
    const mixed = [...name].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c)).join('');
    const canonical = name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
    for (const spelling of [name, name.toUpperCase(), mixed, canonical]) assert.equal(lookUp(spelling), name, spelling);
  }
});

test('a name one byte away from a common one, or longer or shorter, is not taken for it', () => {
  const swaps = ['x', '_', '~', '^', '0', '-', '!', '|'];
  for (const name of COMMON_NAMES) {
    for (let i = 0; i < name.length; i++) {
      for (const swap of swaps) {
        const near = name.slice(0, i) + swap + name.slice(i + 1);
        if (near === name) continue;
        const found = lookUp(near);
        assert.ok(found === undefined || found === near, `${near} gave ${found}`);
      }
    }
    const longer = `${name}s`;
    assert.equal(lookUp(longer), (COMMON_NAMES as readonly string[]).includes(longer) ? longer : undefined);
    assert.notEqual(lookUp(name.slice(1)), name);
  }
  for (const name of ['x-custom', 'a', 'hosts', 'content_length', 'Content-Lengt']) assert.equal(lookUp(name), undefined, name);
});
