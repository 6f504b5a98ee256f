import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http2 from 'node:http2';
import net from 'node:net';
import { GrpcDeframer, grpcFrame } from './grpc-frames.js';
import { describeEnd, GrpcCall, type GrpcCallEnd } from './grpc-call.js';

const PATH = '/test.Echo/Chat';
const cleanups: Array<() => void> = [];
after(() => cleanups.forEach((c) => c()));

/** A plain node:http2 gRPC server; `handle` gets each call's stream and its request headers. */
async function h2Server(handle: (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => void): Promise<number> {
  const server = http2.createServer();
  server.on('stream', handle);
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => sessions.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    for (const s of sessions) s.destroy();
    server.close();
  });
  return (server.address() as net.AddressInfo).port;
}

function call(port: number, keepalive = { intervalMs: 60_000, timeoutMs: 60_000 }): { call: GrpcCall; messages: string[]; ended: Promise<GrpcCallEnd> } {
  const messages: string[] = [];
  let done!: (e: GrpcCallEnd) => void;
  const ended = new Promise<GrpcCallEnd>((r) => (done = r));
  const c = new GrpcCall({ address: `127.0.0.1:${port}`, path: PATH, userAgent: 'test-agent/1', keepalive }, { onMessage: (m) => messages.push(m.toString()), onEnd: done });
  cleanups.push(() => c.close());
  return { call: c, messages, ended };
}

test('messages both ways with gRPC headers; a non-zero grpc-status in the trailers ends the call with it', async () => {
  let seen: http2.IncomingHttpHeaders | undefined;
  const port = await h2Server((stream, headers) => {
    seen = headers;
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '13', 'grpc-message': 'snapshot%20failed%3A%20%C3%BC' }));
    const d = new GrpcDeframer((m) => {
      stream.write(grpcFrame(Buffer.from(`echo ${m.toString()}`)));
      if (m.toString() === 'bye') stream.end();
    });
    stream.on('data', (c: Buffer) => d.push(c));
  });
  const c = call(port);
  c.call.write(Buffer.from('hello'));
  c.call.write(Buffer.from('bye'));
  const end = await c.ended;
  assert.deepEqual(c.messages, ['echo hello', 'echo bye']);
  assert.deepEqual(end, { kind: 'status', status: { code: 13, message: 'snapshot failed: ü' } });
  assert.equal(describeEnd(end), 'grpc-status 13 INTERNAL: snapshot failed: ü');
  assert.equal(seen?.['content-type'], 'application/grpc');
  assert.equal(seen?.['te'], 'trailers');
  assert.equal(seen?.['user-agent'], 'test-agent/1');
  assert.equal(seen?.[':method'], 'POST');
  assert.equal(seen?.[':path'], PATH);
});

test('a trailers-only response (status in the only header block) ends the call with that status', async () => {
  const port = await h2Server((stream) => {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'unknown%20method' }, { endStream: true });
  });
  const end = await call(port).ended;
  assert.deepEqual(end, { kind: 'status', status: { code: 12, message: 'unknown method' } });
});

test('an HTTP error status or a refused connection is a transport failure with the reason', async () => {
  const port = await h2Server((stream) => stream.respond({ ':status': 503 }, { endStream: true }));
  assert.deepEqual(await call(port).ended, { kind: 'transport', reason: 'HTTP status 503 from the server' });
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const deadPort = (closed.address() as net.AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const end = await call(deadPort).ended;
  assert.equal(end.kind, 'transport');
  assert.match(describeEnd(end), /ECONNREFUSED/);
});

test('keepalive: a peer that stops answering (no PING ACK) ends the call as broken', async () => {
  const port = await h2Server((stream) => stream.respond({ ':status': 200, 'content-type': 'application/grpc' }));
  // A relay that forwards until told to drop everything: a peer gone silent without closing the connection.
  let blackhole = false;
  const sockets: net.Socket[] = [];
  const relay = net.createServer((down) => {
    const up = net.connect(port, '127.0.0.1');
    sockets.push(down, up);
    down.on('data', (b) => blackhole || up.write(b));
    up.on('data', (b) => blackhole || down.write(b));
    down.on('error', () => undefined);
    up.on('error', () => undefined);
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    sockets.forEach((s) => s.destroy());
    relay.close();
  });
  let opened!: () => void;
  const open = new Promise<void>((r) => (opened = r));
  let done!: (e: GrpcCallEnd) => void;
  const ended = new Promise<GrpcCallEnd>((r) => (done = r));
  const c = new GrpcCall(
    { address: `127.0.0.1:${(relay.address() as net.AddressInfo).port}`, path: PATH, userAgent: 't', keepalive: { intervalMs: 40, timeoutMs: 120 } },
    { onOpen: opened, onMessage: () => undefined, onEnd: done },
  );
  cleanups.push(() => c.close());
  await open;
  // Pings are answered while the peer is alive: the call outlives several keepalive intervals.
  const early = await Promise.race([ended, new Promise<'alive'>((r) => setTimeout(() => r('alive'), 400))]);
  assert.equal(early, 'alive');
  blackhole = true;
  const started = Date.now();
  const end = await ended;
  assert.deepEqual(end, { kind: 'transport', reason: 'keepalive: no PING ACK within 120 ms' });
  assert.ok(Date.now() - started < 2000);
});
