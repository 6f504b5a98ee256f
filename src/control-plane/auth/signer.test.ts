import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amzDate, signRequest } from './signer.js';
import { SigV4Authenticator } from './sigv4-authenticator.js';
import { signRequest as sdkSign } from '../../../test/support/sigv4.js';

const KEY = { accessKeyId: 'AKIDCLI', secretAccessKey: 'cli/secret+1' };
const NOW = Date.parse('2026-11-25T12:00:00Z');

test('amzDate formats as YYYYMMDDTHHMMSSZ', () => {
  assert.equal(amzDate(NOW), '20261125T120000Z');
});

test('its signatures verify where the AWS SDK signer\'s do, with the same payload hash', async () => {
  const body = '{"documents":[]}';
  const url = new URL('http://127.0.0.1:7700/meshwork/v1/objects/virtualnode?namespace=green%20x&allNamespaces=true');
  const ours = signRequest({ method: 'POST', url, body, service: 'meshwork', region: 'local', now: NOW }, KEY);
  const sdk = await sdkSign(
    { method: 'POST', path: url.pathname, query: { namespace: 'green x', allNamespaces: 'true' }, body, headers: {} },
    { credentials: KEY, service: 'meshwork', region: 'local', date: new Date(NOW), host: url.host },
  );
  // The verifier is checked against the SDK signer and AWS's published example (canonical.test.ts,
  // sigv4-authenticator.test.ts); here both signers' requests must pass it.
  const auth = new SigV4Authenticator(new Map([[KEY.accessKeyId, { ...KEY, source: 'test' }]]), { clock: { now: () => NOW, setTimeout: () => ({ cancel() {} }) } });
  assert.deepEqual(auth.authenticate({ method: 'POST', rawUrl: url.pathname + url.search, headers: ours, body: Buffer.from(body) }, 'meshwork'), {
    kind: 'signed',
    accessKeyId: KEY.accessKeyId,
  });
  assert.equal(auth.authenticate(sdk, 'meshwork').kind, 'signed');
  assert.equal(ours['x-amz-content-sha256'], sdk.headers['x-amz-content-sha256']);
  assert.match(ours['authorization']!, /^AWS4-HMAC-SHA256 Credential=AKIDCLI\/20261125\/local\/meshwork\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
});
