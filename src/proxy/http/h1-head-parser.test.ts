/**
 * The strict request-head parser, table-driven: every accepted shape with the head it yields, every
 * rejection with its status and reason, and the header-section rules (parseFields) in request and
 * response mode. Expected values are written out as a client or upstream would see them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type http from 'node:http';
import { parseFields, parseRequestHead, type Fields, type HeadResult, type ParsedHead } from './h1-head-parser.js';

const parse = (text: string, start = 0, maxBytes = 1024): HeadResult => parseRequestHead(Buffer.from(text, 'latin1'), start, maxBytes);
const WRK = 'GET / HTTP/1.1\r\nHost: app.bench.local:41345\r\n\r\n';
const HEY = 'POST /1k HTTP/1.1\r\nHost: app.bench.local:41345\r\nUser-Agent: hey/0.0.1\r\nContent-Length: 1024\r\nContent-Type: text/html\r\nAccept-Encoding: gzip\r\n\r\n';

test('accepted request heads: the whole parsed head and where it ends', () => {
  const cases: Array<[string, string, ParsedHead]> = [
    ['wrk', WRK, { method: 'GET', url: '/', httpVersion: '1.1', headers: { host: 'app.bench.local:41345' }, framing: { kind: 'none' }, keepAlive: true, handOff: false, expect: undefined }],
    ['hey', HEY, {
      method: 'POST', url: '/1k', httpVersion: '1.1',
      headers: { host: 'app.bench.local:41345', 'user-agent': 'hey/0.0.1', 'content-length': '1024', 'content-type': 'text/html', 'accept-encoding': 'gzip' },
      framing: { kind: 'length', length: 1024 }, keepAlive: true, handOff: false, expect: undefined,
    }],
    ['HTTP/1.0 needs no Host and closes by default', 'GET /x HTTP/1.0\r\n\r\n', { method: 'GET', url: '/x', httpVersion: '1.0', headers: {}, framing: { kind: 'none' }, keepAlive: false, handOff: false, expect: undefined }],
    ['HTTP/1.0 keep-alive', 'GET /x HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n', { method: 'GET', url: '/x', httpVersion: '1.0', headers: { connection: 'Keep-Alive' }, framing: { kind: 'none' }, keepAlive: true, handOff: false, expect: undefined }],
    ['chunked, any case, with Expect', 'PUT /u?a=1 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: CHUNKED\r\nExpect: 100-continue\r\n\r\n', {
      method: 'PUT', url: '/u?a=1', httpVersion: '1.1', headers: { host: 'h', 'transfer-encoding': 'CHUNKED', expect: '100-continue' },
      framing: { kind: 'chunked' }, keepAlive: true, handOff: false, expect: '100-continue',
    }],
    ['Content-Length 0 is no body', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 000\r\n\r\n', { method: 'POST', url: '/', httpVersion: '1.1', headers: { host: 'h', 'content-length': '0' }, framing: { kind: 'none' }, keepAlive: true, handOff: false, expect: undefined }],
    ['Upgrade is handed off', 'GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n', {
      method: 'GET', url: '/ws', httpVersion: '1.1', headers: { host: 'h', connection: 'Upgrade', upgrade: 'websocket' }, framing: { kind: 'none' }, keepAlive: true, handOff: true, expect: undefined,
    }],
    ['CONNECT is handed off', 'CONNECT app:443 HTTP/1.1\r\nHost: app:443\r\n\r\n', { method: 'CONNECT', url: 'app:443', httpVersion: '1.1', headers: { host: 'app:443' }, framing: { kind: 'none' }, keepAlive: true, handOff: true, expect: undefined }],
    ['every token character in the method, every visible character in the target', "!#$%&'*+-.^_`|~09azAZ /!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~ HTTP/1.1\r\nHost: h\r\n\r\n", {
      method: "!#$%&'*+-.^_`|~09azAZ", url: "/!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~", httpVersion: '1.1', headers: { host: 'h' }, framing: { kind: 'none' }, keepAlive: true, handOff: false, expect: undefined,
    }],
    ['lower-case method, asterisk target', 'options * HTTP/1.1\r\nhost: h\r\n\r\n', { method: 'options', url: '*', httpVersion: '1.1', headers: { host: 'h' }, framing: { kind: 'none' }, keepAlive: true, handOff: false, expect: undefined }],
  ];
  for (const [name, text, head] of cases) assert.deepEqual(parse(text), { kind: 'head', head, end: text.length }, name);
});

test('keep-alive follows the Connection header, its tokens in any case and spacing', () => {
  const cases: Array<[string, string, boolean]> = [
    ['HTTP/1.1', 'close', false],
    ['HTTP/1.1', 'Upgrade, CLOSE', false],
    ['HTTP/1.1', 'a,close,b', false],
    ['HTTP/1.1', 'a ,\t close \t, b', false],
    ['HTTP/1.1', 'a,\xa0close', true],
    ['HTTP/1.1', 'closed', true],
    ['HTTP/1.1', 'close-ish, x', true],
    ['HTTP/1.1', 'keep-alive', true],
    ['HTTP/1.1', '', true],
    ['HTTP/1.0', 'keep-alive', true],
    ['HTTP/1.0', 'KEEP-ALIVE, te', true],
    ['HTTP/1.0', 'te,\tkeep-alive ', true],
    ['HTTP/1.0', 'keep-alived', false],
    ['HTTP/1.0', 'x-keep-alive', false],
    ['HTTP/1.0', 'close', false],
  ];
  for (const [version, connection, keepAlive] of cases) {
    const r = parse(`GET / ${version}\r\nHost: h\r\nConnection: ${connection}\r\n\r\n`);
    assert.equal(r.kind === 'head' && r.head.keepAlive, keepAlive, `${version} Connection: ${JSON.stringify(connection)}`);
  }
  const repeated = parse('GET / HTTP/1.1\r\nHost: h\r\nConnection: te\r\nconnection: close\r\n\r\n');
  assert.deepEqual(repeated.kind === 'head' && [repeated.head.headers.connection, repeated.head.keepAlive], ['te, close', false]);
});

test('header shapes: lower-case names, repeats joined, singles kept first, values trimmed (request and response mode)', () => {
  const cases: Array<[string, string, http.IncomingHttpHeaders]> = [
    ['upper-case names', 'X-CUSTOM-Header: V\r\nACCEPT: */*', { 'x-custom-header': 'V', accept: '*/*' }],
    ['every token character in a name', "!#$%&'*+-.^_`|~09azAZ: v", { "!#$%&'*+-.^_`|~09azaz": 'v' }],
    ['repeats joined by a comma', 'X-A: 1\r\nx-a: 2\r\nX-a: 3', { 'x-a': '1, 2, 3' }],
    ['cookie joined by a semicolon', 'Cookie: a=1\r\ncookie: b=2', { cookie: 'a=1; b=2' }],
    ['set-cookie a list', 'Set-Cookie: a=1\r\nset-cookie: b=2', { 'set-cookie': ['a=1', 'b=2'] }],
    ['one set-cookie is still a list', 'Set-Cookie: a=1', { 'set-cookie': ['a=1'] }],
    ['single headers keep the first value', 'Content-Type: a\r\nUser-Agent: b\r\nReferer: c\r\nAuthorization: d\r\nProxy-Authorization: e\r\nIf-Modified-Since: f\r\nIf-Unmodified-Since: g\r\nFrom: h\r\nLocation: i\r\nMax-Forwards: j\r\nRetry-After: k\r\nETag: l\r\nLast-Modified: m\r\nServer: n\r\nAge: o\r\nExpires: p\r\n'
      + 'content-type: A\r\nuser-agent: B\r\nreferer: C\r\nauthorization: D\r\nproxy-authorization: E\r\nif-modified-since: F\r\nif-unmodified-since: G\r\nfrom: H\r\nlocation: I\r\nmax-forwards: J\r\nretry-after: K\r\netag: L\r\nlast-modified: M\r\nserver: N\r\nage: O\r\nexpires: P', {
      'content-type': 'a', 'user-agent': 'b', referer: 'c', authorization: 'd', 'proxy-authorization': 'e', 'if-modified-since': 'f', 'if-unmodified-since': 'g', from: 'h',
      location: 'i', 'max-forwards': 'j', 'retry-after': 'k', etag: 'l', 'last-modified': 'm', server: 'n', age: 'o', expires: 'p',
    }],
    ['empty values', 'X-E:\r\nX-F:   \r\nX-G:\t', { 'x-e': '', 'x-f': '', 'x-g': '' }],
    ['an empty value joined', 'X-E:\r\nX-E: a', { 'x-e': ', a' }],
    ['no space after the colon; colons in the value', 'X-A:a:b\r\nX-B:: c', { 'x-a': 'a:b', 'x-b': ': c' }],
    ['tabs inside kept, around trimmed', 'X-T:\t a\tb \t', { 'x-t': 'a\tb' }],
    ['obs-text kept', 'X-O: caf\xe9 \x80\xff', { 'x-o': 'caf\xe9 \x80\xff' }],
    ['no-break spaces (obs-text) kept, around too', 'X-N: \xa0a\xa0b\xa0', { 'x-n': '\xa0a\xa0b\xa0' }],
    ['Content-Length leading zeros dropped', 'Content-Length: 0012', { 'content-length': '12' }],
    ['Content-Length list that agrees, kept once', 'Content-Length: 5, 05 ,\t005\r\ncontent-length: 5', { 'content-length': '5' }],
    ['Content-Length of 15 digits', 'Content-Length: 999999999999999', { 'content-length': '999999999999999' }],
    ['insertion order of names is the order of first appearance', 'B: 1\r\nContent-Length: 3\r\nA: 2\r\nb: 3', { b: '1, 3', 'content-length': '3', a: '2' }],
  ];
  for (const [name, text, headers] of cases) {
    const contentLength = headers['content-length'];
    const expected: Fields = { headers, contentLength, hosts: 0 };
    for (const request of [true, false]) {
      const fields = parseFields(text, 0, request);
      assert.deepEqual(fields, expected, `${name} (${request ? 'request' : 'response'})`);
      if (typeof fields !== 'string') assert.deepEqual(Object.keys(fields.headers), Object.keys(headers), `${name}: order`);
    }
  }
});

test('parseFields: from an offset, Host counted, and in response mode two Hosts keep the first', () => {
  assert.deepEqual(parseFields('ignored line\r\nA: 1', 14, true), { headers: { a: '1' }, contentLength: undefined, hosts: 0 });
  assert.deepEqual(parseFields('A: 1', 4, true), { headers: {}, contentLength: undefined, hosts: 0 });
  assert.deepEqual(parseFields('A: 1\r\n', 0, true), { headers: { a: '1' }, contentLength: undefined, hosts: 0 });
  assert.deepEqual(parseFields('Host: a\r\nA: 1', 0, true), { headers: { host: 'a', a: '1' }, contentLength: undefined, hosts: 1 });
  assert.deepEqual(parseFields('Host: a\r\nHOST: b', 0, false), { headers: { host: 'a' }, contentLength: undefined, hosts: 2 });
  assert.equal(parseFields('Host: a\r\nHOST: b', 0, true), 'more than one Host header');
});

test('parseFields rejections say why (request and response mode)', () => {
  const cases: Array<[string, string]> = [
    ['A: 1\r\n b', 'obsolete line folding'],
    ['A: 1\r\n\tb', 'obsolete line folding'],
    [' b', 'obsolete line folding'],
    ['A: 1\r\n b: c', "invalid header name ' b'"],
    ['A: 1\r\nxyz', 'malformed header line'],
    [': v', 'malformed header line'],
    ['A: 1\r\n\r\nB: 2', 'malformed header line'],
    ['X Y: 1', "invalid header name 'X Y'"],
    ['X\tY: 1', "invalid header name 'X\tY'"],
    ['X : 1', "invalid header name 'X '"],
    ['X(Y): 1', "invalid header name 'X(Y)'"],
    ['X\xe9: 1', "invalid header name 'X\xe9'"],
    ['X\x00: 1', "invalid header name 'X\x00'"],
    ['X-Bad: a\x00b', "invalid value of header 'X-Bad'"],
    ['X-Bad: a\x00', "invalid value of header 'X-Bad'"],
    ['X-Bad: a\rb', "invalid value of header 'X-Bad'"],
    ['X-Bad: a\nb', "invalid value of header 'X-Bad'"],
    ['X-Bad: a\x0bb', "invalid value of header 'X-Bad'"],
    ['X-Bad: a\r', "invalid value of header 'X-Bad'"],
    ['X-Bad: a\r\r\nX-Ok: 1', "invalid value of header 'X-Bad'"],
    ['X-Bad:\nb', "invalid value of header 'X-Bad'"],
    ['X-Bad: b\n\r\nX-Ok: 1', "invalid value of header 'X-Bad'"],
    ['X-Bad: \x0bc', "invalid value of header 'X-Bad'"],
    ['X-Bad: c\x0c', "invalid value of header 'X-Bad'"],
    ['X-Bad: a\x7f', "invalid value of header 'X-Bad'"],
    ['X-Bad: \x1b[1m', "invalid value of header 'X-Bad'"],
    ['Content-Length: abc', 'invalid Content-Length'],
    ['Content-Length: -1', 'invalid Content-Length'],
    ['Content-Length: +1', 'invalid Content-Length'],
    ['Content-Length: 1.0', 'invalid Content-Length'],
    ['Content-Length: 1e3', 'invalid Content-Length'],
    ['Content-Length:', 'invalid Content-Length'],
    ['Content-Length: 1,', 'invalid Content-Length'],
    ['Content-Length: 1 2', 'invalid Content-Length'],
    ['Content-Length: 0x10', 'invalid Content-Length'],
    ['Content-Length: 1000000000000000', 'invalid Content-Length'],
    ['Content-Length: 0000000000000001', 'invalid Content-Length'],
    ['Content-Length: 1, x', 'invalid Content-Length'],
    ['Content-Length: 1, 2', 'differing Content-Length values'],
    ['Content-Length: 1, 2, x', 'differing Content-Length values'],
    ['Content-Length: 1\r\nContent-Length: 2', 'differing Content-Length values'],
    ['Content-Length: 1\r\nX: \x00', "invalid value of header 'X'"],
  ];
  for (const [text, reason] of cases) {
    for (const request of [true, false]) assert.equal(parseFields(text, 0, request), reason, `${JSON.stringify(text)} (${request ? 'request' : 'response'})`);
  }
});

test('request rejections: status and reason', () => {
  const cases: Array<[string, 400 | 501, string]> = [
    ['\r\n\r\n', 400, 'malformed request line'],
    ['\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n', 400, 'malformed request line'],
    ['GET /\r\n\r\n', 400, 'malformed request line'],
    ['GET /  HTTP/1.1\r\nHost: h\r\n\r\n', 400, 'malformed request line'],
    ['GET / HTTP/1.1 \r\nHost: h\r\n\r\n', 400, 'malformed request line'],
    ['GET\t/\tHTTP/1.1\r\nHost: h\r\n\r\n', 400, 'malformed request line'],
    ['GET / HTTP/1.1\nHost: h\r\n\r\n', 400, 'malformed request line'],
    [' / HTTP/1.1\r\nHost: h\r\n\r\n', 400, 'invalid method'],
    ['G(T / HTTP/1.1\r\nHost: h\r\n\r\n', 400, 'invalid method'],
    ['G\xc9T / HTTP/1.1\r\nHost: h\r\n\r\n', 400, 'invalid method'],
    ['GET  HTTP/1.1\r\nHost: h\r\n\r\n', 400, 'invalid request target'],
    ['GET /a\x7f HTTP/1.1\r\nHost: h\r\n\r\n', 400, 'invalid request target'],
    ['GET /caf\xe9 HTTP/1.1\r\nHost: h\r\n\r\n', 400, 'invalid request target'],
    ['GET /\x00 HTTP/1.1\r\nHost: h\r\n\r\n', 400, 'invalid request target'],
    ['G(T /\x00 HTTP/2.0\r\nHost: h\r\n\r\n', 400, 'invalid method'],
    ['GET / HTTP/2.0\r\nHost: h\r\n\r\n', 400, 'unsupported HTTP version'],
    ['GET / http/1.1\r\nHost: h\r\n\r\n', 400, 'unsupported HTTP version'],
    ['GET / HTTP/1.10\r\nHost: h\r\n\r\n', 400, 'unsupported HTTP version'],
    ['GET / HTTP/1.1\n\r\n\r\n', 400, 'unsupported HTTP version'],
    ['GET / HTTP/2.0\r\nX Y: 1\r\n\r\n', 400, 'unsupported HTTP version'],
    ['GET / HTTP/1.1\r\n\r\n', 400, 'missing Host header'],
    ['GET / HTTP/1.1\r\nX-Host: h\r\n\r\n', 400, 'missing Host header'],
    ['GET / HTTP/1.1\r\nHost: a\r\nHOST: a\r\n\r\n', 400, 'more than one Host header'],
    ['GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n', 400, 'more than one Host header'],
    ['GET / HTTP/1.1\r\nHost: h\r\nX: 1\r\n folded\r\n\r\n', 400, 'obsolete line folding'],
    ['GET / HTTP/1.1\r\nHost: h\r\nBad Name: 1\r\n\r\n', 400, "invalid header name 'Bad Name'"],
    ['GET / HTTP/1.1\r\nHost: h\r\nX: a\x00b\r\n\r\n', 400, "invalid value of header 'X'"],
    ['GET / HTTP/1.1\r\nHost: h\r\nnocolon\r\n\r\n', 400, 'malformed header line'],
    ['GET / HTTP/1.1\r\nX: a\x00b\r\n\r\n', 400, "invalid value of header 'X'"],
    ['POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 2\r\n\r\n', 400, 'differing Content-Length values'],
    ['POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 12a\r\n\r\n', 400, 'invalid Content-Length'],
    ['POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n', 400, 'both Content-Length and Transfer-Encoding'],
    ['POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n', 400, 'both Content-Length and Transfer-Encoding'],
    ['POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: gzip\r\n\r\n', 400, 'both Content-Length and Transfer-Encoding'],
    ['POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n', 400, "unsupported Transfer-Encoding 'gzip'"],
    ['POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n', 400, "unsupported Transfer-Encoding 'chunked, gzip'"],
    ['POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n', 400, "unsupported Transfer-Encoding 'identity'"],
    ['POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\n\r\n', 400, "unsupported Transfer-Encoding ''"],
    ['POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n', 400, "unsupported Transfer-Encoding 'gzip'"],
    ['POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n', 501, "unsupported Transfer-Encoding 'gzip, chunked'"],
    ['POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Gzip, Chunked\r\n\r\n', 501, "unsupported Transfer-Encoding 'Gzip, Chunked'"],
    ['POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\ntransfer-encoding: chunked\r\n\r\n', 501, "unsupported Transfer-Encoding 'gzip, chunked'"],
    ['POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n', 501, "unsupported Transfer-Encoding 'chunked, chunked'"],
    ['POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n', 501, "unsupported Transfer-Encoding 'xchunked'"],
  ];
  for (const [text, status, reason] of cases) assert.deepEqual(parse(text), { kind: 'reject', status, reason }, JSON.stringify(text));
});

test('partial heads, and heads over maxBytes (431) whether complete or not', () => {
  for (const text of ['', 'GET', 'GET / HTTP/1.1\r\nHost: h\r\n', 'GET / HTTP/1.1\r\nHost: h\r\n\r', 'garbage without an end', 'GET / HTTP/1.1\n\n']) {
    assert.deepEqual(parse(text), { kind: 'partial' }, JSON.stringify(text));
  }
  const tooLarge = { kind: 'reject', status: 431, reason: 'request head too large' };
  const head = 'GET / HTTP/1.1\r\nHost: h\r\n\r\n';
  assert.equal(head.length, 27);
  assert.equal(parse(head, 0, 27).kind, 'head', 'exactly maxBytes');
  assert.deepEqual(parse(head, 0, 26), tooLarge, 'complete, one byte over');
  assert.deepEqual(parse('GET / HTTP/1.1\r\nHost: h\r\n', 0, 25), { kind: 'partial' }, 'incomplete, exactly maxBytes');
  assert.deepEqual(parse('GET / HTTP/1.1\r\nHost: h\r\n', 0, 24), tooLarge, 'incomplete, one byte over');
  assert.deepEqual(parse(`GET / HTTP/1.1\r\nHost: h\r\nX: ${'a'.repeat(2000)}`), tooLarge, 'incomplete, far over');
});

test('pipelined heads: parsing starts at `start` and maxBytes counts from there', () => {
  const first = 'GET /a HTTP/1.1\r\nHost: h\r\n\r\n';
  const second = 'POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\n';
  const text = `${first}${second}body`;
  assert.deepEqual(parse(text, first.length, second.length), {
    kind: 'head',
    head: { method: 'POST', url: '/b', httpVersion: '1.1', headers: { host: 'h', 'content-length': '4' }, framing: { kind: 'length', length: 4 }, keepAlive: true, handOff: false, expect: undefined },
    end: first.length + second.length,
  });
  assert.deepEqual(parse(`${first}GET /c HTTP/1.1\r\nHo`, first.length), { kind: 'partial' });
  assert.deepEqual(parse(`${first}GET /c HTTP/1.1\r\nHost: h\r\n`, first.length, 20), { kind: 'reject', status: 431, reason: 'request head too large' });
  assert.deepEqual(parse(`${first}\r\n\r\n`, first.length), { kind: 'reject', status: 400, reason: 'malformed request line' });
  const r = parse(`${'x'.repeat(5000)}${first}`, 5000, 100);
  assert.deepEqual(r.kind === 'head' && [r.head.url, r.end], ['/a', 5000 + first.length]);
});
