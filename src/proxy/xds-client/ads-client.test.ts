import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http2 from 'node:http2';
import type net from 'node:net';
import { LogRegistry } from '../../core/log.js';
import { decodeMessage, encodeAny, encodeMessage } from '../../xds-api/any.js';
import { CLUSTER_TYPE_URL } from '../../xds-api/type-urls.js';
import { GrpcDeframer, grpcFrame } from '../../xds-api/wire/grpc-frames.js';
import { StatsStore } from '../stats/store.js';
import { AdsClient } from './ads-client.js';

const REQUEST = 'type.googleapis.com/envoy.service.discovery.v3.DiscoveryRequest';
const RESPONSE = 'type.googleapis.com/envoy.service.discovery.v3.DiscoveryResponse';

test('a plain node:http2 gRPC server: a non-zero grpc-status in the trailers is logged, the client reconnects and keeps its config', async (t) => {
  const streams: Array<{ stream: http2.ServerHttp2Stream; requests: Array<Record<string, unknown>> }> = [];
  let onRequest = (): void => undefined;
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => sessions.add(s));
  server.on('stream', (stream) => {
    const entry = { stream, requests: [] as Array<Record<string, unknown>> };
    streams.push(entry);
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '13', 'grpc-message': 'snapshot%20store%20unavailable' }));
    const d = new GrpcDeframer((m) => {
      entry.requests.push(decodeMessage(REQUEST, m));
      onRequest();
    });
    stream.on('data', (c: Buffer) => d.push(c));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const lines: string[] = [];
  const logs = new LogRegistry('debug', (l) => lines.push(l));
  const stats = new StatsStore();
  const client = new AdsClient({ address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`, node: { id: 'mesh/m/virtualNode/n', cluster: 'mesh/m/virtualNode/n' }, log: logs.get('config'), stats, onSnapshot: () => undefined, backoff: { baseMs: 10, maxMs: 50 } });
  t.after(() => {
    client.destroy();
    for (const s of sessions) s.destroy();
    server.close();
  });
  const until = (cond: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 5000);
      const check = () => {
        if (cond()) {
          clearTimeout(timer);
          onRequest = () => undefined;
          resolve();
        }
      };
      onRequest = check;
      check();
    });
  await client.start();
  await until(() => streams[0]?.requests.some((r) => r['type_url'] === CLUSTER_TYPE_URL) === true, 'the first CDS request');
  const first = streams[0]!;
  assert.equal((first.requests[0]!['node'] as Record<string, unknown>)['id'], 'mesh/m/virtualNode/n', 'the first request of a stream carries the node');
  const response = encodeMessage(RESPONSE, { version_info: '1', type_url: CLUSTER_TYPE_URL, nonce: 'a', resources: [encodeAny(CLUSTER_TYPE_URL, { name: 'c', type: 'STATIC' })] });
  first.stream.write(grpcFrame(response));
  await until(() => first.requests.some((r) => r['response_nonce'] === 'a'), 'the ACK');
  assert.equal(stats.value('control_plane.connected_state'), 1);
  assert.equal(stats.value('cluster_manager.cds.update_success'), 1);
  first.stream.end();
  await until(() => streams[1]?.requests.some((r) => r['type_url'] === CLUSTER_TYPE_URL) === true, 'a new stream after the error status');
  const again = streams[1]!.requests.find((r) => r['type_url'] === CLUSTER_TYPE_URL)!;
  assert.equal(again['version_info'], '1', 'the new stream re-sends the version it has');
  assert.ok(lines.some((l) => l.includes('[warning][config] the control plane ended the ADS stream with grpc-status 13 INTERNAL: snapshot store unavailable')), lines.join('\n'));
  assert.equal(stats.value('control_plane.connected_state'), 0);
  assert.equal(client.state.of(CLUSTER_TYPE_URL).entries.size, 1, 'the last good config is kept');
});
