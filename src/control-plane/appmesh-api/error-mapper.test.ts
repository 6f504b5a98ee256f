import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AlreadyExistsError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  InternalError,
  InUseError,
  LimitError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
  ValidationError,
} from '../../core/errors.js';
import { LogRegistry } from '../../core/log.js';
import { BodyTooLargeError } from '../http/server.js';
import { createErrorMapper, TooManyTagsError } from './error-mapper.js';

const lines: string[] = [];
const mapError = createErrorMapper(new LogRegistry('info', (line) => lines.push(line)).get('appmesh_api'));
const vn = { kind: 'VirtualNode', mesh: 'webapp', name: 'blue-v1_blue' };

const cases = [
  { error: new ValidationError([{ field: 'spec.listeners[0].portMapping.port', message: 'must be between 1 and 65535' }]), exception: 'BadRequestException', status: 400 },
  { error: new BadRequestError('request body is not valid JSON'), exception: 'BadRequestException', status: 400 },
  { error: new BodyTooLargeError('request body of 2000000 bytes exceeds the 1048576-byte limit'), exception: 'BadRequestException', status: 400 },
  { error: new NotFoundError(vn), exception: 'NotFoundException', status: 404 },
  { error: new AlreadyExistsError(vn), exception: 'ConflictException', status: 409 },
  { error: new ConflictError('clientToken reused with a different request'), exception: 'ConflictException', status: 409 },
  { error: new InUseError(vn, [{ kind: 'VirtualService', mesh: 'webapp', name: 'blue.blue.svc.cluster.local' }]), exception: 'ResourceInUseException', status: 409 },
  { error: new LimitError('mesh webapp has 1000 virtual nodes'), exception: 'LimitExceededException', status: 400 },
  { error: new TooManyTagsError('at most 50 tags'), exception: 'TooManyTagsException', status: 400 },
  { error: new ForbiddenError('signature does not match'), exception: 'ForbiddenException', status: 403 },
  { error: new UnavailableError('store closed'), exception: 'ServiceUnavailableException', status: 503 },
  { error: new TimeoutError('store busy'), exception: 'ServiceUnavailableException', status: 503 },
  { error: new InternalError('broken invariant'), exception: 'InternalServerErrorException', status: 500 },
  { error: new Error('wrapped', { cause: new NotFoundError(vn) }), exception: 'NotFoundException', status: 404 },
];
for (const c of cases) {
  test(`${c.error.constructor.name} → ${c.status} ${c.exception}`, () => {
    const res = mapError(c.error);
    assert.equal(res.status, c.status);
    assert.equal(res.headers?.['x-amzn-ErrorType'], c.exception);
    assert.match(res.headers?.['x-amzn-RequestId'] ?? '', /^[0-9a-f-]{36}$/);
    const cause = c.error.cause instanceof Error ? c.error.cause : c.error;
    assert.deepEqual(res.body, { message: cause.message });
  });
}

test('an unexpected error is a 500 that hides its details and logs them', () => {
  const res = mapError(new TypeError('cannot read properties of undefined'));
  assert.equal(res.status, 500);
  assert.equal(res.headers?.['x-amzn-ErrorType'], 'InternalServerErrorException');
  assert.deepEqual(res.body, { message: 'internal error; the control plane log has the details' });
  assert.ok(lines.some((l) => l.includes('cannot read properties of undefined')));
});
