import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalQuery, canonicalRequest, canonicalUri, credentialScope, sha256Hex, signature, signingKey, stringToSign } from './canonical.js';

// The worked example of AWS's SigV4 documentation (IAM ListUsers, 2015-08-30).
test('reproduces the published SigV4 example', () => {
  const canonical = canonicalRequest({
    method: 'GET',
    rawPath: '/',
    rawQuery: 'Action=ListUsers&Version=2010-05-08',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      host: 'iam.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
    },
    signedHeaders: ['content-type', 'host', 'x-amz-date'],
    payloadHash: sha256Hex(''),
  });
  assert.equal(sha256Hex(canonical), 'f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59');
  const key = signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'iam');
  const sts = stringToSign('20150830T123600Z', credentialScope('20150830', 'us-east-1', 'iam'), canonical);
  assert.equal(signature(key, sts), '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
});

const uriCases = [
  { name: 'empty path is /', input: '', expected: '/' },
  { name: 'plain segments unchanged', input: '/v20190125/meshes/webapp', expected: '/v20190125/meshes/webapp' },
  { name: 'encoded segments are encoded again', input: '/v20190125/meshes/my%20mesh', expected: '/v20190125/meshes/my%2520mesh' },
  { name: 'dot segments resolved, empty ones dropped', input: '/a/./b//c/../d', expected: '/a/b/d' },
  { name: 'trailing slash kept', input: '/a/b/', expected: '/a/b/' },
];
for (const c of uriCases) test(`canonicalUri: ${c.name}`, () => assert.equal(canonicalUri(c.input), c.expected));

const queryCases = [
  { name: 'sorted by key then value', input: 'b=2&a=2&a=1', expected: 'a=1&a=2&b=2' },
  { name: 're-encoded strictly', input: 'resourceArn=arn%3Aaws%3Aappmesh%3Ax%3A1%3Amesh%2Fm&x=a+b', expected: 'resourceArn=arn%3Aaws%3Aappmesh%3Ax%3A1%3Amesh%2Fm&x=a%2Bb' },
  { name: 'key without value', input: 'flag', expected: 'flag=' },
  { name: 'omitted parameter', input: 'X-Amz-Signature=abc&a=1', omit: 'X-Amz-Signature', expected: 'a=1' },
];
for (const c of queryCases) test(`canonicalQuery: ${c.name}`, () => assert.equal(canonicalQuery(c.input, c.omit), c.expected));

test('canonicalQuery rejects broken percent-encoding', () => {
  assert.throws(() => canonicalQuery('a=%zz'), /not valid percent-encoding/);
});
