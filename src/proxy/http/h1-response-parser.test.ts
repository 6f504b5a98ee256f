import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResponseHead, type ResponseHeadResult } from './h1-response-parser.js';

const parse = (text: string, bodiless = false): ResponseHeadResult => parseResponseHead(Buffer.from(text, 'latin1'), 0, 1024, bodiless);
const head = (text: string, bodiless = false) => {
  const r = parse(text, bodiless);
  if (r.kind !== 'head') throw new Error(`expected a head, got ${JSON.stringify(r)}`);
  return r.head;
};

test('status line, headers in Node shape, and where the head ends', () => {
  const text = 'HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nX-A: 1\r\nx-a: 2\r\n\r\nabc';
  const r = parse(text);
  assert.equal(r.kind, 'head');
  if (r.kind !== 'head') return;
  assert.equal(r.end, text.length - 3);
  assert.deepEqual([r.head.status, r.head.httpVersion, r.head.keepAlive], [404, '1.1', true]);
  assert.deepEqual(r.head.headers, { 'content-length': '3', 'set-cookie': ['a=1', 'b=2'], 'x-a': '1, 2' });
  assert.deepEqual(r.head.framing, { kind: 'length', length: 3 });
  assert.equal(head('HTTP/1.1 200\r\n\r\n').status, 200, 'an empty reason phrase may drop its space');
});

test('framing: chunked, length, until close, and none for HEAD, 1xx, 204 and 304', () => {
  assert.deepEqual(head('HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n').framing, { kind: 'chunked' });
  assert.deepEqual(head('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n').framing, { kind: 'none' });
  const untilClose = head('HTTP/1.1 200 OK\r\n\r\n');
  assert.deepEqual([untilClose.framing.kind, untilClose.keepAlive], ['close', false]);
  assert.equal(head('HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\n', true).framing.kind, 'none');
  for (const status of ['100 Continue', '204 No Content', '304 Not Modified']) assert.equal(head(`HTTP/1.1 ${status}\r\ncontent-length: 9\r\n\r\n`).framing.kind, 'none', status);
});

test('keep-alive: HTTP/1.1 unless Connection names close; never HTTP/1.0', () => {
  assert.equal(head('HTTP/1.1 200 OK\r\nconnection: Keep-Alive, Close\r\ncontent-length: 0\r\n\r\n').keepAlive, false);
  assert.equal(head('HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 0\r\n\r\n').keepAlive, false);
  assert.equal(head('HTTP/1.1 200 OK\r\nconnection: closed-loop\r\ncontent-length: 0\r\n\r\n').keepAlive, true);
});

test('partial until the blank line; malformed heads say why', () => {
  assert.equal(parse('HTTP/1.1 200 OK\r\ncontent-le').kind, 'partial');
  const cases: Array<[string, string]> = [
    ['HTTP/1.1 2000 OK\r\n\r\n', 'malformed status line'],
    ['ICY 200 OK\r\n\r\n', 'malformed status line'],
    ['HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n', 'invalid Content-Length'],
    ['HTTP/1.1 200 OK\r\ncontent-length: 1, 2\r\n\r\n', 'differing Content-Length values'],
    ['HTTP/1.1 200 OK\r\ncontent-length: 1\r\ntransfer-encoding: chunked\r\n\r\n', 'both Content-Length and Transfer-Encoding'],
    ['HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, chunked\r\n\r\n', "unsupported Transfer-Encoding 'gzip, chunked'"],
    ['HTTP/1.1 200 OK\r\nx : 1\r\n\r\n', "invalid header name 'x '"],
    [`HTTP/1.1 200 OK\r\nx: ${'a'.repeat(1100)}`, 'response head too large'],
  ];
  for (const [text, reason] of cases) assert.deepEqual(parse(text), { kind: 'invalid', reason }, text.slice(0, 40));
});
