import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServerAuthenticator } from './server-auth.js';
import { ForbiddenError } from '../../core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'meshwork-server-auth-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('loopback without credentials: an open authenticator', () => {
  assert.equal(createServerAuthenticator({ host: '127.0.0.1', env: {} }).verifiesSignatures, false);
});

test('a credentials file turns on signature checks, on any address', () => {
  const file = join(dir, 'credentials');
  writeFileSync(file, '[default]\naws_access_key_id = AKID\naws_secret_access_key = s\n');
  assert.equal(createServerAuthenticator({ host: '0.0.0.0', credentialsFile: file, env: {} }).verifiesSignatures, true);
  assert.equal(createServerAuthenticator({ host: '0.0.0.0', env: { MESHWORK_CREDENTIALS: file } }).verifiesSignatures, true);
});

test('a non-loopback address without credentials is refused unless insecure', () => {
  assert.throws(() => createServerAuthenticator({ host: '0.0.0.0', env: {} }), ForbiddenError);
  assert.equal(createServerAuthenticator({ host: '0.0.0.0', insecure: true, env: {} }).verifiesSignatures, false);
});
