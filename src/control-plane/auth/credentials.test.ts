import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCredentialsFile, resolveCredentials } from './credentials.js';

const dir = mkdtempSync(join(tmpdir(), 'meshwork-creds-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLE = `# reused from ~/.aws/credentials
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secret/default+1

[profile ci]
AWS_ACCESS_KEY_ID=AKIDCI
aws_secret_access_key=ci-secret
aws_session_token = ignored

[sso-only]
sso_start_url = https://example.awsapps.com/start
`;

test('parses every profile with a key pair, skipping the others', () => {
  const set = parseCredentialsFile(SAMPLE, 'creds');
  assert.deepEqual([...set.keys()], ['AKIDDEFAULT', 'AKIDCI']);
  assert.deepEqual(set.get('AKIDDEFAULT'), { accessKeyId: 'AKIDDEFAULT', secretAccessKey: 'secret/default+1', source: 'default' });
  assert.equal(set.get('AKIDCI')?.source, 'ci');
});

const bad = [
  { name: 'a line that is no assignment', text: '[default]\nthis is wrong\n', error: /creds:2: expected "\[profile\]" or "key = value", got "this is wrong"$/ },
  { name: 'a key before any profile', text: 'aws_access_key_id = X\n', error: /creds:1: "aws_access_key_id" is outside any \[profile\] section$/ },
  {
    name: 'one key id with two secrets',
    text: '[a]\naws_access_key_id=K\naws_secret_access_key=1\n[b]\naws_access_key_id=K\naws_secret_access_key=2\n',
    error: /creds:4: profile \[b\] reuses access key id K of \[a\] with another secret$/,
  },
];
for (const c of bad) test(`rejects ${c.name} with file and line`, () => assert.throws(() => parseCredentialsFile(c.text, 'creds'), c.error));

test('resolveCredentials: explicit file, then MESHWORK_CREDENTIALS, then the key pair variables', () => {
  const file = join(dir, 'credentials');
  writeFileSync(file, SAMPLE);
  const other = join(dir, 'other');
  writeFileSync(other, '[x]\naws_access_key_id=AKIDX\naws_secret_access_key=s\n');
  const env = { MESHWORK_CREDENTIALS: other, MESHWORK_ACCESS_KEY_ID: 'AKIDENV', MESHWORK_SECRET_ACCESS_KEY: 'e' };
  assert.deepEqual([...(resolveCredentials(file, env)?.keys() ?? [])], ['AKIDDEFAULT', 'AKIDCI']);
  assert.deepEqual([...(resolveCredentials(undefined, env)?.keys() ?? [])], ['AKIDX']);
  const fromEnv = resolveCredentials(undefined, { MESHWORK_ACCESS_KEY_ID: 'AKIDENV', MESHWORK_SECRET_ACCESS_KEY: 'e' });
  assert.deepEqual(fromEnv?.get('AKIDENV'), { accessKeyId: 'AKIDENV', secretAccessKey: 'e', source: 'env' });
  assert.equal(resolveCredentials(undefined, {}), undefined);
});

test('resolveCredentials refuses half-configured or unusable sources', () => {
  assert.throws(() => resolveCredentials(undefined, { MESHWORK_ACCESS_KEY_ID: 'A' }), /MESHWORK_SECRET_ACCESS_KEY is not set/);
  assert.throws(() => resolveCredentials(join(dir, 'missing')), /cannot read credentials file .*missing/);
  const empty = join(dir, 'empty');
  writeFileSync(empty, '[default]\nregion = eu-central-1\n');
  assert.throws(() => resolveCredentials(empty), /no profile has both aws_access_key_id and aws_secret_access_key/);
});
