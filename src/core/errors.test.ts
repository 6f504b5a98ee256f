import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, findCause, InUseError, NotFoundError, ValidationError } from './errors.js';

test('errors carry stable codes and readable messages', () => {
  const nf = new NotFoundError({ kind: 'VirtualNode', mesh: 'webapp', name: 'green-v1_green' });
  assert.equal(nf.code, 'ERR_NOT_FOUND');
  assert.equal(nf.message, 'VirtualNode mesh=webapp name=green-v1_green not found');
  const inUse = new InUseError({ kind: 'VirtualNode', mesh: 'webapp', name: 'blue-v1_blue' }, [
    { kind: 'VirtualService', mesh: 'webapp', name: 'blue.blue.svc.cluster.local' },
  ]);
  assert.match(inUse.message, /in use by VirtualService mesh=webapp name=blue\.blue\.svc\.cluster\.local/);
  const v = new ValidationError([{ field: 'spec.listeners[0].portMapping.port', message: 'must be 1-65535' }], { subject: 'VirtualNode' });
  assert.equal(v.message, 'invalid VirtualNode: spec.listeners[0].portMapping.port: must be 1-65535');
});

test('findCause walks the cause chain', () => {
  const root = new ConflictError('version mismatch');
  const wrapped = new Error('apply failed', { cause: new Error('tx failed', { cause: root }) });
  assert.equal(findCause(wrapped, ConflictError), root);
  assert.equal(findCause(wrapped, NotFoundError), undefined);
});
