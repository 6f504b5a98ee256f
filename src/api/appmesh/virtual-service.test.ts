import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSpec } from '../validate.js';
import { invalid, lengthLimits, specTable, valid } from '../../../test/support/spec-table.js';

specTable('VirtualService', { provider: { virtualRouter: { virtualRouterName: 'app-router_consumer' } } }, [
  valid('no provider', { provider: undefined }),
  valid('a virtual node provider', { provider: { virtualNode: { virtualNodeName: 'blue-v1_blue' } } }),
  invalid('both providers', { 'provider.virtualNode': { virtualNodeName: 'blue-v1_blue' } }, ['provider', 'exactly one of virtualNode, virtualRouter must be set']),
  invalid('empty provider', { provider: {} }, ['provider', 'exactly one of virtualNode, virtualRouter must be set']),
  ...lengthLimits('provider.virtualRouter.virtualRouterName', 1, 255, 'must be 1 to 255 characters long'),
  invalid('provider name with a slash', { 'provider.virtualRouter.virtualRouterName': 'a/b' }, ['provider.virtualRouter.virtualRouterName', 'must not contain "/"']),
  invalid('Kubernetes reference instead of a name', { 'provider.virtualRouter': { virtualRouterRef: { name: 'app-router' } } },
    ['provider.virtualRouter.virtualRouterName', 'required'], ['provider.virtualRouter', 'unknown field "virtualRouterRef"']),
]);

test('VirtualService: the spec is required', () => {
  assert.deepEqual(validateSpec('VirtualService', undefined), [{ field: 'spec', message: 'required' }]);
});
