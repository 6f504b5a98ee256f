import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect as tcpConnect } from 'node:net';
import { describe, it } from 'node:test';
import * as chapter from '../../../../test/support/chapter.js';
import { waitFor } from '../../../../test/support/ads-client.js';
import { h2Session, RawGrpcCall } from '../../../../test/support/h2-grpc-client.js';
import { startXds } from '../../../../test/support/xds-harness.js';
import { CLUSTER_TYPE_URL as CDS, decodeMessage, encodeMessage } from '../../../xds-api/index.js';
import { encodeGrpcMessage } from '../../../xds-api/wire/grpc-status.js';

const REQUEST = 'type.googleapis.com/envoy.service.discovery.v3.DiscoveryRequest';
const RESPONSE = 'type.googleapis.com/envoy.service.discovery.v3.DiscoveryResponse';
const GREEN = 'mesh/webapp/virtualNode/green-v1_green';
const cdsRequest = (id: string) => encodeMessage(REQUEST, { node: { id, cluster: id }, type_url: CDS });

describe('ADS over node:http2: the gRPC protocol as raw HTTP/2 clients see it', () => {
  it('a content-type other than application/grpc gets HTTP 415, a GET gets 405, and nothing is served', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    const session = h2Session(t, xds.address);
    const json = await new RawGrpcCall(session, { 'content-type': 'application/json' }).send(cdsRequest(GREEN)).done;
    assert.equal(json.headers[':status'], 415);
    assert.match(json.body.toString(), /expected content-type application\/grpc, got 'application\/json'/);
    const get = new RawGrpcCall(session, { ':method': 'GET' });
    const got = await get.done;
    assert.equal(got.headers[':status'], 405);
    assert.equal(got.headers['allow'], 'POST');
    assert.equal(xds.registry.list().length, 0);
  });

  it('an unknown method path is UNIMPLEMENTED, trailers-only', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    const call = new RawGrpcCall(h2Session(t, xds.address), { ':path': '/envoy.service.discovery.v3.AggregatedDiscoveryService/Nope' });
    call.end();
    const r = await call.done;
    assert.equal(r.headers[':status'], 200);
    assert.deepEqual(r.status, { code: 12, message: 'The server does not implement the method /envoy.service.discovery.v3.AggregatedDiscoveryService/Nope' });
    assert.equal(r.headers['grpc-status'], '12', 'the status travels in the response headers');
  });

  it('a malformed DiscoveryRequest ends the stream with INVALID_ARGUMENT saying so', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    // Field 1 (version_info) claims 100 bytes; two follow.
    const r = await new RawGrpcCall(h2Session(t, xds.address)).send(Buffer.from([0x0a, 100, 0x41, 0x42])).done;
    assert.equal(r.status.code, 3);
    assert.equal(r.status.message, 'malformed DiscoveryRequest: protobuf: field 1 runs past the end of its message');
    assert.equal(xds.registry.list().length, 0);
  });

  it('a message flagged compressed ends the stream with INVALID_ARGUMENT naming the flag', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    const r = await new RawGrpcCall(h2Session(t, xds.address)).send(cdsRequest(GREEN), 1).done;
    assert.deepEqual(r.status, { code: 3, message: 'gRPC: compressed message (flag 1) not supported' });
  });

  it('serves many streams on one session, each with its own state, and reports the peer in gRPC form', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    const session = h2Session(t, xds.address);
    const calls = Array.from({ length: 40 }, (_, i) => new RawGrpcCall(session).send(cdsRequest(i % 2 === 0 ? GREEN : 'mesh/webapp/virtualNode/blue-v1_blue')));
    const firsts = await Promise.all(calls.map(async (c) => decodeMessage(RESPONSE, (await c.received(1))[0]!)));
    assert.ok(firsts.every((r) => r['type_url'] === CDS && r['nonce'] === '1'), 'every stream numbers its own nonces');
    await waitFor(() => xds.registry.list().length === 40, 'all 40 streams registered');
    const local = (session.socket as { localPort?: number }).localPort;
    assert.deepEqual(new Set(xds.registry.list().map((c) => c.peer)), new Set([`ipv4:127.0.0.1:${local}`]));
    for (const c of calls) c.end();
    const done = await Promise.all(calls.map((c) => c.done));
    assert.ok(done.every((r) => r.status.code === 0), 'a half-close is answered with status OK');
    await waitFor(() => xds.registry.list().length === 0, 'the streams removed');
  });

  it('close() ends open streams with status 0 and waits for the sessions to go', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    const session = h2Session(t, xds.address);
    const calls = [new RawGrpcCall(session).send(cdsRequest(GREEN)), new RawGrpcCall(session).send(cdsRequest(GREEN))];
    await Promise.all(calls.map((c) => c.received(1)));
    const sessionClosed = once(session, 'close');
    await xds.server.close();
    assert.deepEqual((await Promise.all(calls.map((c) => c.done))).map((r) => r.status.code), [0, 0]);
    await sessionClosed;
    assert.equal(xds.registry.list().length, 0);
  });

  it('answers client pings back to back, with and without open streams', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    const session = h2Session(t, xds.address);
    await once(session, 'connect');
    const ping = () => new Promise<void>((resolve, reject) => session.ping((err) => (err ? reject(err) : resolve())));
    for (let i = 0; i < 50; i++) await ping();
    const call = new RawGrpcCall(session).send(cdsRequest(GREEN));
    await call.received(1);
    await Promise.all(Array.from({ length: 5 }, ping));
    assert.equal(session.closed, false);
    assert.equal(xds.registry.list().length, 1);
  });

  it('destroy() drops the sessions at once', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    const session = h2Session(t, xds.address);
    const call = new RawGrpcCall(session).send(cdsRequest(GREEN));
    await call.received(1);
    const closed = once(session, 'close');
    xds.server.destroy();
    await closed;
    assert.equal((await call.done).status.code, undefined, 'no status: the stream was dropped, not ended');
    await waitFor(() => xds.registry.list().length === 0, 'the stream removed');
  });

  it('an HTTP/1.1 request gets its connection closed; the server keeps serving', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    const { port } = xds.server.address();
    const socket = tcpConnect(port, '127.0.0.1');
    t.after(() => socket.destroy());
    socket.on('error', () => undefined);
    socket.resume();
    await once(socket, 'connect');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await once(socket, 'close');
    const call = new RawGrpcCall(h2Session(t, xds.address)).send(cdsRequest(GREEN));
    assert.equal((await call.received(1)).length, 1);
  });
});

describe('grpc-message encoding', () => {
  it('percent-encodes non-ASCII bytes and % only', () => {
    assert.equal(encodeGrpcMessage("node.id: got 'webapp/green'"), "node.id: got 'webapp/green'");
    assert.equal(encodeGrpcMessage('100% ünïcode\n'), '100%25 %C3%BCn%C3%AFcode%0A');
  });
});
