// The upstream HTTP/1.1 client against a scripted upstream on a real loopback socket: what it writes,
// how it reads each response framing, and which malformed responses it refuses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedUpstream } from '../../../test/support/scripted-upstream.js';
import { readAll, response, testCluster, until, type TestCluster } from '../../../test/support/upstream-client.js';

let up: ScriptedUpstream;
const clusters: TestCluster[] = [];

before(async () => {
  up = await new ScriptedUpstream().start();
});

after(async () => {
  for (const c of clusters) c.cluster.destroy();
  await up.close();
});

/** A fresh cluster (own pool) whose upstream answers every request with `reply`. */
function answering(reply: string | ((head: string) => string)): TestCluster {
  up.script = (req, socket) => socket.write(typeof reply === 'string' ? reply : reply(req.head));
  const c = testCluster(up.port);
  clusters.push(c);
  return c;
}

test('a buffered body goes out with the head; the keep-alive connection is reused for the next request', async () => {
  const c = answering('HTTP/1.1 200 OK\r\ncontent-length: 5\r\nx-a: 1\r\nX-A: 2\r\nset-cookie: a=1\r\n\r\nhello');
  const before = up.requests.length;
  const first = response(await c.attempt({ method: 'POST', path: '/p?q=1', headers: { 'x-trace': 'abc', 'content-length': '3' }, body: Buffer.from('hey') }).result);
  assert.equal(first.status, 200);
  assert.deepEqual([first.headers['x-a'], first.headers['set-cookie']], ['1, 2', ['a=1']]);
  assert.equal((await readAll(first.body)).toString(), 'hello');
  const second = response(await c.attempt().result);
  assert.ok(Buffer.isBuffer(second.body), 'a small response that came with its head is handed on whole');
  assert.equal(second.body.toString(), 'hello');
  const [post, get] = up.requests.slice(before);
  assert.equal(post!.head, 'POST /p?q=1 HTTP/1.1\r\nhost: up.local\r\nx-trace: abc\r\ncontent-length: 3');
  assert.equal(post!.body.toString(), 'hey');
  assert.equal(get!.head, 'GET / HTTP/1.1\r\nhost: up.local');
  assert.equal(get!.onConnection, 2, 'the second request came on the same connection');
  assert.deepEqual([c.stat('upstream_cx_total'), c.stat('upstream_cx_http1_total'), c.stat('upstream_cx_active'), c.host.cxTotal], [1, 1, 1, 1]);
});

test('Connection: close and HTTP/1.0 responses close the connection after the exchange', async () => {
  for (const reply of ['HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok', 'HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok']) {
    const c = answering(reply);
    for (let i = 0; i < 2; i++) assert.equal((await readAll(response(await c.attempt().result).body)).toString(), 'ok');
    await until(() => c.stat('upstream_cx_destroy') === 2, 'both connections closed');
    assert.equal(c.stat('upstream_cx_total'), 2, reply);
    assert.equal(c.stat('upstream_cx_active'), 0);
  }
});

test('an upstream Keep-Alive timeout of one second or less: the connection is not kept', async () => {
  const c = answering('HTTP/1.1 200 OK\r\nkeep-alive: timeout=1\r\ncontent-length: 2\r\n\r\nok');
  await readAll(response(await c.attempt().result).body);
  await until(() => c.stat('upstream_cx_destroy') === 1, 'the connection closed');
});

test('a request with Connection: close closes the connection after its response', async () => {
  const c = answering('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
  await readAll(response(await c.attempt({ headers: { connection: 'close' } }).result).body);
  await until(() => c.stat('upstream_cx_destroy') === 1, 'the connection closed');
});

test('chunked response: body decoded and trailers kept', async () => {
  const c = answering('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nx-checksum: 42\r\nX-More: a\r\n\r\n');
  const r = response(await c.attempt().result);
  assert.equal((await readAll(r.body)).toString(), 'hello world');
  assert.deepEqual(r.trailers(), { 'x-checksum': '42', 'x-more': 'a' });
  // The connection is clean after the trailers: it serves the next request.
  assert.equal((await readAll(response(await c.attempt().result).body)).toString(), 'hello world');
  assert.equal(c.stat('upstream_cx_total'), 1);
});

test('a body without length is read until the upstream closes', async () => {
  up.script = (_req, socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\npart one, ');
    setImmediate(() => socket.end('part two'));
  };
  const c = testCluster(up.port);
  clusters.push(c);
  const r = response(await c.attempt().result);
  assert.equal((await readAll(r.body)).toString(), 'part one, part two');
});

test('interim 100 Continue is skipped; HEAD, 204 and 304 responses have no body', async () => {
  const c = answering((head) =>
    head.startsWith('HEAD') ? 'HTTP/1.1 200 OK\r\ncontent-length: 1234\r\n\r\n' : head.includes('/204') ? 'HTTP/1.1 204 No Content\r\n\r\n' : head.includes('/304') ? 'HTTP/1.1 304 Not Modified\r\ncontent-length: 9\r\n\r\n' : 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\ncontent-length: 4\r\n\r\ndone',
  );
  const created = response(await c.attempt({ method: 'PUT', body: Buffer.from('x') }).result);
  assert.equal(created.status, 201);
  assert.equal((await readAll(created.body)).toString(), 'done');
  for (const [method, path, status] of [['HEAD', '/', 200], ['GET', '/204', 204], ['GET', '/304', 304]] as const) {
    const r = response(await c.attempt({ method, path }).result);
    assert.equal(r.status, status);
    assert.equal((await readAll(r.body)).length, 0);
  }
  assert.equal(c.stat('upstream_cx_total'), 1, 'no body was waited for: the connection stayed usable');
});

test('malformed responses are failures (reset), never guessed at', async () => {
  const bad = [
    'HTTP/1.1 20 OK\r\n\r\n',
    'HTTP/2.0 200 OK\r\n\r\n',
    'HTTP/1.1 200 OK\r\nbad header\r\n\r\n',
    'HTTP/1.1 200 OK\r\nx y: 1\r\n\r\n',
    'HTTP/1.1 200 OK\r\nx: a\x01b\r\n\r\n',
    'HTTP/1.1 200 OK\r\n folded: 1\r\n\r\n',
    'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\nok',
    'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\nok',
    'HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\n\r\nok',
    `HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(61 * 1024)}\r\n\r\n`,
  ];
  for (const reply of bad) {
    const c = answering(reply);
    const r = await c.attempt().result;
    assert.equal(r.kind, 'failure', JSON.stringify(reply.slice(0, 60)));
    assert.equal(r.kind === 'failure' && r.outcome, 'reset');
    await until(() => c.stat('upstream_cx_active') === 0, 'the connection closed');
  }
});

test('a connection lost mid-body or a bad chunk destroys the body that was handed on', async () => {
  for (const reply of ['HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n']) {
    up.script = (_req, socket) => socket.end(reply);
    const c = testCluster(up.port);
    clusters.push(c);
    const r = response(await c.attempt().result);
    await assert.rejects(readAll(r.body));
  }
});
