import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBindPolicy, isLoopbackHost } from './bind-policy.js';
import { ForbiddenError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';

const loopback = [
  { host: '127.0.0.1', expected: true },
  { host: '127.3.4.5', expected: true },
  { host: 'localhost', expected: true },
  { host: '::1', expected: true },
  { host: '[::1]', expected: true },
  { host: '::ffff:127.0.0.1', expected: true },
  { host: '0.0.0.0', expected: false },
  { host: '::', expected: false },
  { host: '10.0.0.7', expected: false },
  { host: 'example.com', expected: false },
];
for (const c of loopback) test(`isLoopbackHost(${c.host})`, () => assert.equal(isLoopbackHost(c.host), c.expected));

function recordingLog(): { log: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const noop = (): void => {};
  const log: Logger = { name: 'test', enabled: () => true, trace: noop, debug: noop, info: noop, warn: (m) => warnings.push(m), error: noop };
  return { log, warnings };
}

test('checkBindPolicy allows loopback without credentials and anything with credentials', () => {
  const { log, warnings } = recordingLog();
  checkBindPolicy('127.0.0.1', false, false, log);
  checkBindPolicy('0.0.0.0', true, false, log);
  assert.deepEqual(warnings, []);
});

test('checkBindPolicy refuses a non-loopback address without credentials', () => {
  assert.throws(
    () => checkBindPolicy('0.0.0.0', false, false),
    (err: unknown) => err instanceof ForbiddenError && /0\.0\.0\.0 without credentials.*--credentials FILE.*--insecure/.test(err.message),
  );
});

test('checkBindPolicy lets --insecure through with a warning', () => {
  const { log, warnings } = recordingLog();
  checkBindPolicy('0.0.0.0', false, true, log);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /without credentials \(--insecure\)/);
});
