import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../core/errors.js';
import { parseSpec, validateId, validateName } from './validate.js';

test('resource names are 1..255 characters without "/"', () => {
  assert.deepEqual(validateName('virtualNodeName', 'green-v1_green'), []);
  assert.deepEqual(validateName('virtualNodeName', 'a'.repeat(255)), []);
  assert.deepEqual(validateName('virtualNodeName', 'a'.repeat(256)), [{ field: 'virtualNodeName', message: 'must be 1 to 255 characters long' }]);
  assert.deepEqual(validateName('virtualNodeName', ''), [{ field: 'virtualNodeName', message: 'must be 1 to 255 characters long' }]);
  assert.deepEqual(validateName('virtualNodeName', 'a/b'), [{ field: 'virtualNodeName', message: 'must not contain "/"' }]);
  assert.deepEqual(validateName('virtualNodeName', undefined), [{ field: 'virtualNodeName', message: 'required' }]);
  assert.deepEqual(validateName('virtualNodeName', 7), [{ field: 'virtualNodeName', message: 'expected string, got number' }]);
});

test('validateId checks the mesh, parent and own names', () => {
  assert.deepEqual(validateId({ kind: 'Route', meshName: '', parentName: 'r/1', name: 'ok' }), [
    { field: 'meshName', message: 'must be 1 to 255 characters long' },
    { field: 'virtualRouterName', message: 'must not contain "/"' },
  ]);
  assert.deepEqual(validateId({ kind: 'GatewayRoute', meshName: 'webapp', name: 'gr' }), [{ field: 'virtualGatewayName', message: 'required' }]);
  assert.deepEqual(validateId({ kind: 'Mesh', meshName: 'webapp', name: 'webapp' }), []);
});

test('parseSpec returns the typed spec or throws a ValidationError with every violation', () => {
  const spec = parseSpec('VirtualRouter', { listeners: [{ portMapping: { port: 8085, protocol: 'http' } }] });
  assert.equal(spec.listeners[0]?.portMapping.port, 8085);
  assert.throws(
    () => parseSpec('VirtualRouter', { listeners: [{ portMapping: { port: 0, protocol: 'udp' } }] }),
    (err: unknown) =>
      err instanceof ValidationError &&
      err.message ===
        'invalid VirtualRouter: spec.listeners[0].portMapping.port: must be between 1 and 65535; spec.listeners[0].portMapping.protocol: must be one of grpc, http, http2, tcp',
  );
});
