// The upstream HTTP/1.1 connection pool on real loopback sockets: connect failures and timeouts, stale
// keep-alive connections, the max_connections limit, per-try timeouts, and backpressure both ways.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { freePort } from '../../../test/support/proxy-harness.js';
import { ScriptedUpstream } from '../../../test/support/scripted-upstream.js';
import { readAll, response, testCluster, until, type TestCluster } from '../../../test/support/upstream-client.js';

let up: ScriptedUpstream;
const clusters: TestCluster[] = [];
const cleanups: Array<() => void> = [];

before(async () => {
  up = await new ScriptedUpstream().start();
});

after(async () => {
  for (const c of clusters) c.cluster.destroy();
  for (const f of cleanups) f();
  await up.close();
});

function cluster(port: number, opts: Parameters<typeof testCluster>[1] = {}): TestCluster {
  const c = testCluster(port, opts);
  clusters.push(c);
  return c;
}

test('a refused connection is a connect-failure, counted as such', async () => {
  const c = cluster(await freePort());
  const r = await c.attempt().result;
  assert.deepEqual(r.kind === 'failure' && [r.outcome, r.staleConnection], ['connect-failure', false]);
  assert.deepEqual([c.stat('upstream_cx_connect_fail'), c.stat('upstream_cx_connect_timeout'), c.stat('upstream_cx_total'), c.host.cxConnectFail], [1, 0, 0, 1]);
});

test('a connection not established within the connect timeout is a connect-failure and a connect timeout', async () => {
  // A listener that never accepts (its process is blocked), with its accept queue (backlog 1 holds
  // two) taken: the kernel drops further handshakes, so connecting hangs.
  const child: ChildProcess = spawn(process.execPath, ['-e', "const s=require('net').createServer().listen({port:0,host:'127.0.0.1',backlog:1},()=>{process.stdout.write(String(s.address().port)+'\\n');Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,30000)})"]);
  cleanups.push(() => child.kill('SIGKILL'));
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  for (let i = 0; i < 2; i++) {
    const filler = net.connect(port, '127.0.0.1');
    cleanups.push(() => filler.destroy());
    await new Promise((r) => filler.once('connect', r));
  }
  const c = cluster(port, { connectTimeoutMs: 150 });
  const started = Date.now();
  const r = await c.attempt().result;
  assert.equal(r.kind === 'failure' && r.outcome, 'connect-failure');
  assert.ok(Date.now() - started >= 140, 'it waited for the connect timeout');
  assert.deepEqual([c.stat('upstream_cx_connect_fail'), c.stat('upstream_cx_connect_timeout')], [1, 1]);
});

test('a reused idle connection the upstream closed before answering reports staleConnection', async () => {
  up.script = (req, socket) => {
    if (req.onConnection === 1) socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
    else socket.destroy();
  };
  const c = cluster(up.port);
  response(await c.attempt().result);
  const r = await c.attempt().result;
  assert.deepEqual(r.kind === 'failure' && [r.outcome, r.staleConnection], ['reset', true]);
  // A fresh connection that fails the same way is not stale.
  up.script = (_req, socket) => socket.destroy();
  const fresh = cluster(up.port);
  const f = await fresh.attempt().result;
  assert.deepEqual(f.kind === 'failure' && [f.outcome, f.staleConnection], ['reset', false]);
});

test('max_connections: extra requests wait for a free connection, first in first out', async () => {
  const held: net.Socket[] = [];
  up.script = (req, socket) => {
    if (req.head.startsWith('GET /slow')) held.push(socket);
    else socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${req.head.length}\r\n\r\n${req.head}`);
  };
  const c = cluster(up.port, { maxConnections: 2 });
  const slow = [c.attempt({ path: '/slow1' }), c.attempt({ path: '/slow2' })];
  const queued = [c.attempt({ path: '/q1' }), c.attempt({ path: '/q2' })];
  await until(() => held.length === 2, 'both slow requests at the upstream');
  assert.equal(c.stat('upstream_cx_total'), 2);
  assert.equal(up.requests.filter((r) => r.head.startsWith('GET /q')).length, 0, 'the others wait');
  held[0]!.write('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
  const [q1, q2] = await Promise.all(queued.map(async (a) => (await readAll(response(await a.result).body)).toString()));
  assert.ok(q1!.startsWith('GET /q1') && q2!.startsWith('GET /q2'));
  assert.equal(c.stat('upstream_cx_total'), 2, 'no third connection');
  held[1]!.write('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
  for (const a of slow) assert.equal(response(await a.result).status, 200);
});

test('a per-try timeout destroys the connection instead of returning it to the pool', async () => {
  up.script = (req, socket) => {
    if (!req.head.includes('/hang')) socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
  };
  const c = cluster(up.port);
  const r = await c.attempt({ path: '/hang', perTryTimeoutMs: 50 }).result;
  assert.equal(r.kind === 'failure' && r.outcome, 'per-try-timeout');
  await until(() => c.stat('upstream_cx_destroy') === 1, 'the connection destroyed');
  assert.equal(response(await c.attempt().result).status, 200);
  assert.equal(c.stat('upstream_cx_total'), 2, 'the next request needed a new connection');
});

/** Waits until `value()` stops growing (the sender is held back by backpressure). */
async function stalled(value: () => number, what: string): Promise<number> {
  let last = -1;
  let same = 0;
  await until(() => {
    const v = value();
    same = v === last && v > 0 ? same + 1 : 0;
    last = v;
    return same >= 20;
  }, what, 10_000);
  return last;
}

test('a 20 MB response body is read only as fast as it is consumed', async () => {
  const size = 20 * 1024 * 1024;
  let written = 0;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-length': size });
    const chunk = Buffer.alloc(64 * 1024, 7);
    const pump = () => {
      while (written < size) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => server.close());
  const c = cluster((server.address() as net.AddressInfo).port);
  const r = response(await c.attempt().result);
  const atStall = await stalled(() => written, 'the upstream held back');
  assert.ok(atStall < size / 2, `the client buffered ${atStall} bytes unread`);
  assert.equal((await readAll(r.body)).length, size);
});

test('a 20 MB streamed request body is sent only as fast as the upstream reads it', async () => {
  const size = 20 * 1024 * 1024;
  let held: http.IncomingMessage | undefined;
  const server = http.createServer((req, res) => {
    const digest = createHash('sha256');
    req.pause();
    held = req;
    req.on('data', (c: Buffer) => digest.update(c));
    req.on('end', () => res.end(`${String(req.headers['transfer-encoding'])} ${digest.digest('hex')}`));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => server.close());
  const c = cluster((server.address() as net.AddressInfo).port);
  const body = new PassThrough();
  const chunk = Buffer.alloc(64 * 1024, 3);
  const hash = createHash('sha256');
  void (async () => {
    for (let n = 0; n < size; n += chunk.length) {
      hash.update(chunk);
      if (!body.write(chunk)) await new Promise((r) => body.once('drain', r));
    }
    body.end();
  })();
  let sent = 0;
  const attempt = c.attempt({ method: 'POST', body }, (n) => (sent += n));
  const atStall = await stalled(() => sent, 'the request body held back');
  assert.ok(atStall < size / 2, `${atStall} bytes taken from the body while the upstream read nothing`);
  held!.resume();
  const r = response(await attempt.result);
  assert.equal((await readAll(r.body)).toString(), `chunked ${hash.digest('hex')}`);
  assert.equal(sent, size);
});
