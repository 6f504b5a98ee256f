import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withFlag } from './response-flags.js';

test('flags are kept once each, in the order Envoy prints them', () => {
  assert.equal(withFlag('', 'UF'), 'UF');
  assert.equal(withFlag('URX', 'UF'), 'UF,URX');
  assert.equal(withFlag('UF', 'URX'), 'UF,URX');
  assert.equal(withFlag('UF,URX', 'UF'), 'UF,URX');
  assert.equal(withFlag('UR', 'DC'), 'UR,DC');
});
