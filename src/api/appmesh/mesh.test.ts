import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSpec } from '../validate.js';
import { enumValues, invalid, specTable, valid } from '../../../test/support/spec-table.js';

specTable('Mesh', { egressFilter: { type: 'ALLOW_ALL' }, serviceDiscovery: { ipPreference: 'IPv4_PREFERRED' } }, [
  valid('an empty spec', { egressFilter: undefined, serviceDiscovery: undefined }),
  ...enumValues('egressFilter.type', ['ALLOW_ALL', 'DROP_ALL']),
  invalid('egress filter without type', { 'egressFilter.type': undefined }, ['egressFilter.type', 'required']),
  ...enumValues('serviceDiscovery.ipPreference', ['IPv4_ONLY', 'IPv4_PREFERRED', 'IPv6_ONLY', 'IPv6_PREFERRED']),
  invalid('Kubernetes spelling of service discovery', { meshServiceDiscovery: {} }, ['', 'unknown field "meshServiceDiscovery"']),
]);

test('Mesh: the spec may be left out, as CreateMesh allows', () => {
  assert.deepEqual(validateSpec('Mesh', undefined), []);
});

test('Mesh: a spec that is not an object', () => {
  assert.deepEqual(validateSpec('Mesh', 'webapp'), [{ field: 'spec', message: 'expected object, got string' }]);
});
