import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RetryPolicy } from '../config/model.js';
import { backoffMs, isRetriable, type AttemptOutcome } from './retry-policy.js';

const policy = (retryOn: string, codes: number[] = []): RetryPolicy => ({
  retryOn: new Set(retryOn.split(',')),
  numRetries: 2,
  perTryTimeoutMs: undefined,
  retriableStatusCodes: new Set(codes),
  baseIntervalMs: 25,
  maxIntervalMs: 250,
});
const status = (s: number, grpc?: string): AttemptOutcome => ({ kind: 'response', status: s, grpcStatus: grpc });

const cases: Array<[string, AttemptOutcome, boolean]> = [
  ['5xx', status(500), true],
  ['5xx', { kind: 'connect-failure' }, true],
  ['5xx', status(404), false],
  ['gateway-error', status(503), true],
  ['gateway-error', status(500), false],
  ['connect-failure', { kind: 'connect-failure' }, true],
  ['connect-failure', { kind: 'reset' }, false],
  ['reset', { kind: 'reset' }, true],
  ['retriable-4xx', status(409), true],
  ['retriable-status-codes', status(418), true],
  ['unavailable', status(200, '14'), true],
  ['unavailable', status(200, '0'), false],
  ['gateway-error', { kind: 'per-try-timeout' }, true],
];

for (const [on, outcome, expected] of cases) {
  test(`retry_on ${on} with ${outcome.kind}${outcome.kind === 'response' ? ` ${outcome.status}` : ''} → ${expected}`, () => {
    assert.equal(isRetriable(policy(on, [418]), outcome), expected);
  });
}

test('back-off is jittered below base × 2^n and capped at max_interval', () => {
  const p = policy('5xx');
  assert.equal(backoffMs(p, 0, 0.999), 24);
  assert.equal(backoffMs(p, 2, 0.5), 50);
  assert.equal(backoffMs(p, 10, 0.999), 249);
});
