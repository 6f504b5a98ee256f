import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SigV4Authenticator } from './sigv4-authenticator.js';
import { createAuthenticator, OpenAuthenticator } from './authenticator.js';
import { ForbiddenError } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import { presignRequest, signRequest, type UnsignedRequest, type WireRequest } from '../../../test/support/sigv4.js';

const KEY = { accessKeyId: 'AKIDMESHWORKTEST', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const NOW = new Date('2026-11-25T12:00:00Z');
const fixedClock: Clock = { now: () => NOW.getTime(), setTimeout: () => ({ cancel() {} }) };
const auth = new SigV4Authenticator(new Map([[KEY.accessKeyId, { ...KEY, source: 'default' }]]), { clock: fixedClock });

const CREATE: UnsignedRequest = {
  method: 'PUT',
  path: '/v20190125/meshes/webapp/virtualNodes',
  body: JSON.stringify({ virtualNodeName: 'green-v1_green', spec: {} }),
};

function sign(req: UnsignedRequest, opts: { secret?: string; date?: Date; service?: string; region?: string } = {}): Promise<WireRequest> {
  return signRequest(req, {
    credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: opts.secret ?? KEY.secretAccessKey },
    service: opts.service ?? 'appmesh',
    region: opts.region ?? 'eu-central-1',
    date: opts.date ?? NOW,
  });
}

function refused(req: WireRequest, pattern: RegExp, service = 'appmesh'): void {
  assert.throws(() => auth.authenticate(req, service), (err: unknown) => err instanceof ForbiddenError && pattern.test(err.message));
}

test('accepts requests signed by the SDK signer, in any region', async () => {
  for (const region of ['eu-central-1', 'us-west-2', 'local']) {
    assert.deepEqual(auth.authenticate(await sign(CREATE, { region }), 'appmesh'), { kind: 'signed', accessKeyId: KEY.accessKeyId });
  }
});

test('accepts encoded path labels and query parameters', async () => {
  const req = await sign({
    method: 'GET',
    path: '/v20190125/tags',
    query: { resourceArn: 'arn:aws:appmesh:eu-central-1:000000000000:mesh/webapp/virtualService/blue.blue.svc.cluster.local', limit: '10' },
  });
  assert.equal(auth.authenticate(req, 'appmesh').kind, 'signed');
  const spaced = await sign({ method: 'GET', path: '/v20190125/meshes/my%20mesh%2Bx' });
  assert.equal(auth.authenticate(spaced, 'appmesh').kind, 'signed');
});

test('accepts dates within 15 minutes either way', async () => {
  for (const offset of [-14 * 60_000, 14 * 60_000]) {
    const req = await sign(CREATE, { date: new Date(NOW.getTime() + offset) });
    assert.equal(auth.authenticate(req, 'appmesh').kind, 'signed');
  }
});

test('refuses unsigned requests', async () => {
  refused({ method: 'GET', rawUrl: '/v20190125/meshes', headers: { host: 'x' }, body: Buffer.alloc(0) }, /missing authentication/);
});

test('refuses a wrong secret', async () => {
  refused(await sign(CREATE, { secret: 'not-the-secret' }), /signature does not match/);
});

test('refuses an unknown access key', async () => {
  const req = await signRequest(CREATE, { credentials: { accessKeyId: 'AKIDOTHER', secretAccessKey: 'x' }, service: 'appmesh', date: NOW });
  refused(req, /access key id AKIDOTHER is not known/);
});

test('refuses stale and future dates', async () => {
  refused(await sign(CREATE, { date: new Date(NOW.getTime() - 16 * 60_000) }), /more than 15 minutes behind the server clock/);
  refused(await sign(CREATE, { date: new Date(NOW.getTime() + 16 * 60_000) }), /more than 15 minutes ahead of the server clock/);
});

test('refuses a signature for another service', async () => {
  refused(await sign(CREATE, { service: 'servicediscovery' }), /names service "servicediscovery", but this endpoint is "appmesh"/);
});

test('refuses a request changed after signing', async () => {
  const req = await sign(CREATE);
  refused({ ...req, body: Buffer.from(JSON.stringify({ virtualNodeName: 'evil', spec: {} })) }, /x-amz-content-sha256 does not match/);
  const { ['x-amz-content-sha256']: _dropped, ...withoutHash } = req.headers;
  refused({ ...req, headers: withoutHash }, /signed header x-amz-content-sha256 is not present/);
  const botoStyle = await signRequest(CREATE, { credentials: KEY, service: 'appmesh', date: NOW, checksum: false });
  assert.equal(botoStyle.headers['x-amz-content-sha256'], undefined);
  assert.equal(auth.authenticate(botoStyle, 'appmesh').kind, 'signed');
  refused({ ...botoStyle, body: Buffer.from('{}') }, /signature does not match/);
  refused({ ...req, rawUrl: '/v20190125/meshes/other/virtualNodes' }, /signature does not match/);
  refused({ ...req, method: 'DELETE' }, /signature does not match/);
});

test('refuses malformed Authorization headers with the reason', async () => {
  const req = await sign(CREATE);
  refused({ ...req, headers: { ...req.headers, authorization: 'AWS AKID:abc' } }, /only AWS4-HMAC-SHA256/);
  const auth4 = req.headers['authorization']!;
  refused({ ...req, headers: { ...req.headers, authorization: auth4.replace(/Credential=[^,]+/, 'Credential=AKID/x') } }, /Credential must be/);
  refused({ ...req, headers: { ...req.headers, authorization: auth4.replace(/Signature=\w+/, 'Signature=zz') } }, /64 lower-case hex/);
  const { ['x-amz-date']: _d, ...noDate } = req.headers;
  refused({ ...req, headers: noDate }, /X-Amz-Date header is missing/);
});

test('accepts presigned requests until they expire', async () => {
  const get: UnsignedRequest = { method: 'GET', path: '/v20190125/meshes' };
  const credentials = KEY;
  const fresh = await presignRequest(get, { credentials, service: 'appmesh', date: new Date(NOW.getTime() - 60_000), expiresIn: 300 });
  assert.equal(auth.authenticate(fresh, 'appmesh').kind, 'signed');
  const expired = await presignRequest(get, { credentials, service: 'appmesh', date: new Date(NOW.getTime() - 600_000), expiresIn: 300 });
  refused(expired, /presigned request expired at 2026-11-25T11:55:00.000Z/);
  refused({ ...fresh, rawUrl: fresh.rawUrl.replace('meshes', 'meshes/x') }, /signature does not match/);
});

test('with no credentials every request is let through', async () => {
  const open = createAuthenticator(undefined);
  assert.ok(open instanceof OpenAuthenticator);
  assert.equal(open.verifiesSignatures, false);
  assert.deepEqual(open.authenticate({ method: 'GET', rawUrl: '/', headers: {}, body: Buffer.alloc(0) }, 'appmesh'), { kind: 'anonymous' });
  assert.equal(createAuthenticator(new Map([['A', { accessKeyId: 'A', secretAccessKey: 's', source: 'env' }]])).verifiesSignatures, true);
});
