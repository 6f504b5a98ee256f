import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResponseHead, type ResponseHead, type ResponseHeadResult } from './h1-response-parser.js';

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

const NGINX = 'HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Thu, 26 Nov 2026 05:30:00 GMT\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: keep-alive\r\n\r\n';

test('accepted response heads: the whole parsed head', () => {
  const cases: Array<[string, string, boolean, ResponseHead]> = [
    ['nginx', NGINX, false, {
      status: 200, httpVersion: '1.1',
      headers: { server: 'nginx/1.22.1', date: 'Thu, 26 Nov 2026 05:30:00 GMT', 'content-type': 'text/plain', 'content-length': '12', connection: 'keep-alive' },
      framing: { kind: 'length', length: 12 }, keepAlive: true,
    }],
    ['HTTP/1.0 with a length', 'HTTP/1.0 200 OK\r\nContent-Length: 007\r\n\r\n', false, { status: 200, httpVersion: '1.0', headers: { 'content-length': '7' }, framing: { kind: 'length', length: 7 }, keepAlive: false }],
    ['reason with a space before it but empty', 'HTTP/1.1 200 \r\ncontent-length: 0\r\n\r\n', false, { status: 200, httpVersion: '1.1', headers: { 'content-length': '0' }, framing: { kind: 'none' }, keepAlive: true }],
    ['reason with tabs, obs-text and spaces', 'HTTP/1.1 599 Odd\treason caf\xe9  \r\n\r\n', false, { status: 599, httpVersion: '1.1', headers: {}, framing: { kind: 'close' }, keepAlive: false }],
    ['the highest status code', 'HTTP/1.1 999 X\r\nTransfer-Encoding: chunked\r\n\r\n', false, { status: 999, httpVersion: '1.1', headers: { 'transfer-encoding': 'chunked' }, framing: { kind: 'chunked' }, keepAlive: true }],
    ['101 has no body', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n', false, { status: 101, httpVersion: '1.1', headers: { upgrade: 'websocket', connection: 'Upgrade' }, framing: { kind: 'none' }, keepAlive: true }],
    ['199 has no body', 'HTTP/1.1 199 X\r\n\r\n', false, { status: 199, httpVersion: '1.1', headers: {}, framing: { kind: 'none' }, keepAlive: true }],
    ['204 keeps the connection without a length', 'HTTP/1.1 204 No Content\r\n\r\n', false, { status: 204, httpVersion: '1.1', headers: {}, framing: { kind: 'none' }, keepAlive: true }],
    ['205 with no length reads until close', 'HTTP/1.1 205 Reset Content\r\n\r\n', false, { status: 205, httpVersion: '1.1', headers: {}, framing: { kind: 'close' }, keepAlive: false }],
    ['304 with close', 'HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n', false, { status: 304, httpVersion: '1.1', headers: { connection: 'close' }, framing: { kind: 'none' }, keepAlive: false }],
    ['HEAD: chunked is no body', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', true, { status: 200, httpVersion: '1.1', headers: { 'transfer-encoding': 'chunked' }, framing: { kind: 'none' }, keepAlive: true }],
    ['HEAD: nothing is no body either', 'HTTP/1.1 200 OK\r\n\r\n', true, { status: 200, httpVersion: '1.1', headers: {}, framing: { kind: 'none' }, keepAlive: true }],
    ['two Hosts keep the first; repeats joined; cookies listed', 'HTTP/1.1 200 OK\r\nHost: a\r\nHost: b\r\nVia: 1\r\nVia: 2\r\nSet-Cookie: x=1\r\nContent-Length: 1\r\n\r\n', false, {
      status: 200, httpVersion: '1.1', headers: { host: 'a', via: '1, 2', 'set-cookie': ['x=1'], 'content-length': '1' }, framing: { kind: 'length', length: 1 }, keepAlive: true,
    }],
    ['Connection close in a list, any case', 'HTTP/1.1 200 OK\r\nConnection: keep-alive,\tCLOSE\r\nContent-Length: 1\r\n\r\n', false, {
      status: 200, httpVersion: '1.1', headers: { connection: 'keep-alive,\tCLOSE', 'content-length': '1' }, framing: { kind: 'length', length: 1 }, keepAlive: false,
    }],
  ];
  for (const [name, text, bodiless, expected] of cases) assert.deepEqual(parse(text, bodiless), { kind: 'head', head: expected, end: text.length }, name);
});

test('malformed status lines and header sections: the reason', () => {
  const cases: Array<[string, string]> = [
    ['\r\n\r\n', 'malformed status line'],
    ['HTTP/1.1 099 X\r\n\r\n', 'malformed status line'],
    ['HTTP/1.1 20 OK\r\n\r\n', 'malformed status line'],
    ['HTTP/1.1 200OK\r\n\r\n', 'malformed status line'],
    ['HTTP/1.1  200 OK\r\n\r\n', 'malformed status line'],
    ['HTTP/1.1\t200 OK\r\n\r\n', 'malformed status line'],
    ['HTTP/1.2 200 OK\r\n\r\n', 'malformed status line'],
    ['HTTP/2 200\r\n\r\n', 'malformed status line'],
    ['http/1.1 200 OK\r\n\r\n', 'malformed status line'],
    [' HTTP/1.1 200 OK\r\n\r\n', 'malformed status line'],
    ['HTTP/1.1 2x0 OK\r\n\r\n', 'malformed status line'],
    ['HTTP/1.1 200 O\x00K\r\n\r\n', 'malformed status line'],
    ['HTTP/1.1 200 OK\x7f\r\n\r\n', 'malformed status line'],
    ['HTTP/1.1 200 OK\n\r\n\r\n', 'malformed status line'],
    ['HTTP/1.1 200 OK\nServer: x\r\n\r\n', 'malformed status line'],
    ['HTTP/1.1 2000 OK\r\nbad line\r\n\r\n', 'malformed status line'],
    ['HTTP/1.1 200 OK\r\nServer: x\r\n folded\r\n\r\n', 'obsolete line folding'],
    ['HTTP/1.1 200 OK\r\nno colon\r\n\r\n', 'malformed header line'],
    ['HTTP/1.1 200 OK\r\nX-Bad: a\rb\r\n\r\n', "invalid value of header 'X-Bad'"],
    ['HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n', 'differing Content-Length values'],
    ['HTTP/1.1 200 OK\r\nContent-Length: 1000000000000000\r\n\r\n', 'invalid Content-Length'],
    ['HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n', "unsupported Transfer-Encoding 'gzip'"],
    ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n', "unsupported Transfer-Encoding 'chunked, chunked'"],
    ['HTTP/1.1 204 No Content\r\nTransfer-Encoding: gzip\r\n\r\n', "unsupported Transfer-Encoding 'gzip'"],
    ['HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n', 'both Content-Length and Transfer-Encoding'],
  ];
  for (const [text, reason] of cases) {
    for (const bodiless of [false, true]) assert.deepEqual(parse(text, bodiless), { kind: 'invalid', reason }, `${JSON.stringify(text)}${bodiless ? ' (HEAD)' : ''}`);
  }
});

test('partial, too large, and pipelined responses from `start`', () => {
  const at = (text: string, start: number, maxBytes: number) => parseResponseHead(Buffer.from(text, 'latin1'), start, maxBytes, false);
  for (const text of ['', 'HTTP/1.1', 'HTTP/1.1 200 OK\r\n', 'HTTP/1.1 200 OK\r\n\r']) assert.deepEqual(parse(text), { kind: 'partial' }, JSON.stringify(text));
  const first = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
  const second = 'HTTP/1.1 204 No Content\r\n\r\n';
  assert.deepEqual(at(first + second, first.length, second.length), {
    kind: 'head', head: { status: 204, httpVersion: '1.1', headers: {}, framing: { kind: 'none' }, keepAlive: true }, end: first.length + second.length,
  });
  assert.deepEqual(at(first + second, first.length, second.length - 1), { kind: 'invalid', reason: 'response head too large' });
  assert.deepEqual(at(`${first}HTTP/1.1 200 OK\r\n`, first.length, 17), { kind: 'partial' });
  assert.deepEqual(at(`${first}HTTP/1.1 200 OK\r\n`, first.length, 16), { kind: 'invalid', reason: 'response head too large' });
});
