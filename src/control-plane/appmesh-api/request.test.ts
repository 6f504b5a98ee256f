import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadRequestError, ValidationError } from '../../core/errors.js';
import type { HttpRequest } from '../http/router.js';
import { jsonBody, meshOwnerQuery, pageQuery, readMembers, type BodyRules } from './request.js';

function req(body: string, query = ''): HttpRequest {
  return { method: 'PUT', path: '/', query: new URLSearchParams(query), headers: {}, body: Buffer.from(body), params: {}, remoteAddress: '127.0.0.1', rawUrl: '/' };
}

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError || err instanceof BadRequestError) return err.message;
    throw err;
  }
  assert.fail('expected an error');
}

const bodies = [
  { name: 'an empty body reads as {}', body: '', expected: {} },
  { name: 'an object', body: '{"a":1}', expected: { a: 1 } },
];
for (const c of bodies) test(`jsonBody: ${c.name}`, () => assert.deepEqual(jsonBody(req(c.body)), c.expected));

const badBodies = [
  { name: 'malformed JSON', body: '{"a":', error: /^request body is not valid JSON: / },
  { name: 'an array', body: '[1]', error: /^request body must be a JSON object, got an array$/ },
  { name: 'a string', body: '"x"', error: /^request body must be a JSON object, got a string$/ },
  { name: 'null', body: 'null', error: /^request body must be a JSON object, got null$/ },
];
for (const c of badBodies) test(`jsonBody refuses ${c.name}`, () => assert.match(message(() => jsonBody(req(c.body))), c.error));

const RULES: BodyRules = {
  virtualNodeName: { type: 'string', required: true },
  spec: { type: 'object', required: true },
  tags: { type: 'tagList' },
  clientToken: { type: 'clientToken' },
};

test('readMembers accepts a well-formed body', () => {
  const body = { virtualNodeName: 'vn', spec: {}, tags: [{ key: 'team', value: 'a' }], clientToken: '6f1c0d1e-0b7a-4d1e-9c43-2b8f0c7f5a11' };
  assert.deepEqual(readMembers(body, RULES, 'CreateVirtualNode'), body);
});

const badMembers = [
  {
    name: 'every problem at once',
    body: { virtualNodeName: 7, spek: {}, clientToken: 'has spaces' },
    expected:
      'invalid CreateVirtualNode request: virtualNodeName: must be a string, got a number; ' +
      'spek: unknown field "spek"; CreateVirtualNode accepts virtualNodeName, spec, tags, clientToken; ' +
      'clientToken: must be 1-36 letters, digits, hyphens or underscores; spec: required',
  },
  {
    name: 'a spec that is not an object',
    body: { virtualNodeName: 'vn', spec: [] },
    expected: 'invalid CreateVirtualNode request: spec: must be an object, got an array',
  },
  {
    name: 'malformed tags',
    body: { virtualNodeName: 'vn', spec: {}, tags: [{ key: 'a' }, { key: 1, value: 'x', extra: true }, 'x'] },
    expected:
      'invalid CreateVirtualNode request: tags[0].value: required; tags[1].extra: unknown field "extra"; ' +
      'tags[1].key: must be a string, got a number; tags[2]: must be an object with key and value, got a string',
  },
];
for (const c of badMembers) test(`readMembers reports ${c.name}`, () => assert.equal(message(() => readMembers(c.body, RULES, 'CreateVirtualNode')), c.expected));

const pages = [
  { query: '', expected: {} },
  { query: 'limit=1&nextToken=abc', expected: { limit: 1, nextToken: 'abc' } },
  { query: 'limit=100', expected: { limit: 100 } },
];
for (const c of pages) test(`pageQuery "${c.query}"`, () => assert.deepEqual(pageQuery(req('', c.query), 100), c.expected));

const badPages = [
  { query: 'limit=0', error: 'limit: must be a whole number from 1 to 100, got "0"' },
  { query: 'limit=101', error: 'limit: must be a whole number from 1 to 100, got "101"' },
  { query: 'limit=ten', error: 'limit: must be a whole number from 1 to 100, got "ten"' },
  { query: 'limit=2.5', error: 'limit: must be a whole number from 1 to 100, got "2.5"' },
  { query: 'nextToken=', error: 'nextToken: must not be empty' },
];
for (const c of badPages) test(`pageQuery refuses "${c.query}"`, () => assert.equal(message(() => pageQuery(req('', c.query), 100)), c.error));

test('meshOwnerQuery takes a 12-digit account id', () => {
  assert.equal(meshOwnerQuery(req('', 'meshOwner=111122223333')), '111122223333');
  assert.equal(meshOwnerQuery(req('')), undefined);
  assert.equal(message(() => meshOwnerQuery(req('', 'meshOwner=123'))), 'meshOwner: must be a 12-digit account id, got "123"');
});
