/**
 * The raw-socket HTTP/1.1 connection on real loopback sockets: raw bytes in, what a client reads out.
 * The server echoes `METHOD path body`; rejections are written the way the listener writes them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { H1Connection, type H1ConnectionHost } from './h1-connection.js';
import type { H1Request } from './h1-request.js';
import type { H1Response } from './h1-response.js';

let server: net.Server;
let port = 0;
let requests = 0;
const handedOff: string[] = [];

/** Settles when the handler sees a request body fail (the client went away mid-body). */
let bodyFailed: (reason: string) => void = () => undefined;

/** Echoes the request line and body; `/stream` answers in two writes of unknown length. */
function answer(req: H1Request, res: H1Response, body: Buffer): void {
  res.writeHead(200, { 'content-type': 'text/plain' });
  if (req.url === '/stream') {
    res.write('part1;');
    res.end('part2');
  } else res.end(`${req.method} ${req.url} ${body.toString()}`);
}

const host: H1ConnectionHost = {
  maxHeaderBytes: 8 * 1024,
  onHead: () => undefined,
  onRequest: (req: H1Request, res: H1Response) => {
    requests++;
    const body = req.body;
    if (body === undefined) return answer(req, res, req.wholeBody ?? Buffer.alloc(0));
    const chunks: Buffer[] = [];
    body.on('data', (c: Buffer) => chunks.push(c));
    body.on('error', (err: Error) => bodyFailed(err.message));
    body.on('end', () => answer(req, res, Buffer.concat(chunks)));
  },
  onReject: (socket, status) => void socket.end(`HTTP/1.1 ${status} Rejected\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`),
  onHandOff: (socket, rest) => {
    handedOff.push(rest.toString('latin1'));
    socket.end('HTTP/1.1 101 Handed\r\n\r\n');
  },
};

before(async () => {
  server = net.createServer((s) => void new H1Connection(s, host));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});
after(() => new Promise<void>((r) => server.close(() => r())));

/** Writes the parts (in separate writes) and reads until the server closes or `until` matches. */
function send(parts: string[], until?: RegExp): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let text = '';
    const deadline = setTimeout(() => (s.destroy(), reject(new Error(`no answer; got ${JSON.stringify(text)}`))), 5000);
    const done = (closed: boolean) => {
      clearTimeout(deadline);
      s.destroy();
      resolve({ text, closed });
    };
    s.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (until?.test(text)) done(false);
    });
    s.on('close', () => done(true));
    s.on('error', () => undefined);
    s.once('connect', async () => {
      for (const p of parts) {
        s.write(p);
        await new Promise((r) => setTimeout(r, 5));
      }
    });
  });
}

const GET = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: a\r\n${extra}\r\n`;

test('keep-alive: two requests on one connection, each answered with its length in one response', async () => {
  const r = await send([GET('/one'), GET('/two')], /GET \/two $/);
  assert.match(r.text, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(r.text, /content-length: 9\r\n\r\nGET \/one HTTP\/1\.1 200 OK/);
  assert.equal(r.closed, false);
});

test('pipelined requests in one write are answered in order', async () => {
  const r = await send([GET('/a') + GET('/b') + GET('/c')], /GET \/c $/);
  assert.deepEqual([...r.text.matchAll(/GET (\/\w) /g)].map((m) => m[1]), ['/a', '/b', '/c']);
});

test('a Content-Length body and a chunked body split across writes reach the handler whole', async () => {
  const r1 = await send(['POST /cl HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello', ' world'], /world$/);
  assert.match(r1.text, /POST \/cl hello world$/);
  const r2 = await send(['POST /ch HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhel', 'lo\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n', GET('/after')], /GET \/after $/);
  assert.match(r2.text, /POST \/ch hello world/);
});

test('a response of unknown length is sent chunked', async () => {
  const r = await send([GET('/stream')], /0\r\n\r\n$/);
  assert.match(r.text, /transfer-encoding: chunked\r\n\r\n6\r\npart1;\r\n5\r\npart2\r\n0\r\n\r\n$/);
});

test('HTTP/1.0 without keep-alive and Connection: close are answered and closed', async () => {
  const r1 = await send(['GET /old HTTP/1.0\r\n\r\n']);
  assert.match(r1.text, /connection: close\r\n[^]*GET \/old $/);
  assert.equal(r1.closed, true);
  const r2 = await send([GET('/bye', 'Connection: close\r\n')]);
  assert.match(r2.text, /GET \/bye $/);
  assert.equal(r2.closed, true);
});

test('Expect: 100-continue gets the interim response before the final one', async () => {
  const r = await send(['POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n', 'ok'], /POST \/e ok$/);
  assert.match(r.text, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
});

test('Upgrade requests are handed over with the bytes not yet read', async () => {
  const r = await send([`${GET('/ws', 'Upgrade: websocket\r\nConnection: Upgrade\r\n')}frame`]);
  assert.match(r.text, /^HTTP\/1\.1 101 Handed/);
  assert.ok(handedOff.some((t) => t.startsWith('GET /ws HTTP/1.1\r\n') && t.endsWith('frame')));
});

const rejects: [string, string, number][] = [
  ['Content-Length with Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
  ['differing duplicate Content-Length', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab', 400],
  ['a Content-Length that is not a number', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\nab', 400],
  ['a chunk size that is not hex', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n', 400],
  ['a chunk size too large', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n', 400],
  ['chunk data without its CRLF', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n', 400],
  ['an unknown transfer coding', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n', 400],
  ['a transfer coding before chunked', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n', 501],
  ['a malformed request line', 'THIS IS NOT HTTP\r\n\r\n', 400],
  ['an unknown HTTP version', 'GET / HTTP/1.2\r\nHost: a\r\n\r\n', 400],
  ['a space before the colon', 'GET / HTTP/1.1\r\nHost : a\r\n\r\n', 400],
  ['obsolete line folding', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n continued\r\n\r\n', 400],
  ['a control character in a value', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\x01\r\n\r\n', 400],
  ['HTTP/1.1 without Host', 'GET / HTTP/1.1\r\n\r\n', 400],
  ['two Host headers', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400],
  ['an unsupported expectation', 'GET / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\n\r\n', 417],
  ['headers over the limit', `GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(9 * 1024)}\r\n\r\n`, 431],
  ['a URL over the limit', `GET /${'u'.repeat(9 * 1024)} HTTP/1.1\r\nHost: a\r\n\r\n`, 431],
  ['an unfinished head over the limit', `GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(9 * 1024)}`, 431],
];

for (const [what, payload, status] of rejects) {
  test(`${what} gets ${status} and a closed connection`, async () => {
    const r = await send([payload]);
    assert.match(r.text, new RegExp(`^HTTP/1\\.1 ${status} `));
    assert.equal(r.closed, true);
  });
}

test('a smuggled second request after a rejected head never reaches the handler', async () => {
  const before = requests;
  const r = await send(['POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' + GET('/smuggled')]);
  assert.doesNotMatch(r.text, /smuggled/);
  assert.equal(requests, before);
});

test('a body that arrives with its head is handed over whole, and the next request still parses', async () => {
  const r = await send(['POST /whole HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello' + GET('/next')], /GET \/next $/);
  assert.match(r.text, /POST \/whole hello[^]*GET \/next $/);
});

test('a HEAD response carries its headers and no body; the connection goes on', async () => {
  const r = await send(['HEAD /h HTTP/1.1\r\nHost: a\r\n\r\n', GET('/then')], /GET \/then $/);
  assert.match(r.text, /^HTTP\/1\.1 200 OK\r\ncontent-type: text\/plain\r\ndate: [^\r]+\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
  assert.doesNotMatch(r.text, /HEAD \/h/);
});

test('HTTP/1.0 with keep-alive is told keep-alive and stays open', async () => {
  const r = await send(['GET /ka HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'], /GET \/ka $/);
  assert.match(r.text, /connection: keep-alive\r\n/);
  assert.equal(r.closed, false);
});

test('a client that goes away mid-body fails the request body stream', async () => {
  const failed = new Promise<string>((resolve) => (bodyFailed = resolve));
  const s = net.connect(port, '127.0.0.1');
  s.on('error', () => undefined);
  s.write('POST /cut HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\npartial', () => setImmediate(() => s.destroy()));
  assert.equal(await failed, 'aborted');
});

test('a large body streams through in order', async () => {
  const body = Buffer.alloc(3 * 1024 * 1024, 'x').toString();
  const r = await send([`POST /big HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n${body}`]);
  assert.ok(r.text.endsWith(`POST /big ${body}`));
});

test('the same Content-Length twice is accepted', async () => {
  const r = await send(['POST /same HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok'], /ok$/);
  assert.match(r.text, /POST \/same ok$/);
});
