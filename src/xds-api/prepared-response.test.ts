import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage, encodeAny } from './any.js';
import { encodeDiscoveryResponse, PreparedResponse } from './prepared-response.js';
import { CLUSTER_TYPE_URL } from './type-urls.js';
import { grpcFrame } from './wire/grpc-frames.js';

const RESPONSE = 'type.googleapis.com/envoy.service.discovery.v3.DiscoveryResponse';

test('a prepared response with a nonce appended decodes as the whole response, equal to encoding it with the nonce', () => {
  const fields = {
    version_info: 'v7',
    type_url: CLUSTER_TYPE_URL,
    resources: [encodeAny(CLUSTER_TYPE_URL, { name: 'a', type: 'EDS' }), encodeAny(CLUSTER_TYPE_URL, { name: 'b', type: 'STATIC' })],
    control_plane: { identifier: 'meshwork' },
  };
  const prepared = new PreparedResponse(fields);
  for (const nonce of ['1', '42', 'x'.repeat(127)]) {
    const bytes = prepared.withNonce(nonce);
    const r = decodeMessage(RESPONSE, bytes) as { version_info: string; nonce: string; type_url: string; resources: Array<Record<string, unknown>> };
    assert.deepEqual([r.version_info, r.nonce, r.type_url], ['v7', nonce, CLUSTER_TYPE_URL]);
    assert.deepEqual(r.resources.map((a) => [a['@type'], a['name']]), [[CLUSTER_TYPE_URL, 'a'], [CLUSTER_TYPE_URL, 'b']], 'nested Anys decoded (json form)');
    assert.deepEqual(r, decodeMessage(RESPONSE, encodeDiscoveryResponse({ ...fields, nonce })), 'the same message as encoding it with the nonce');
    assert.deepEqual(prepared.grpcFramedWithNonce(nonce), grpcFrame(bytes), 'the gRPC-framed form is the framed message');
  }
});

test('a nonce that a one-byte length cannot carry, or that is not printable ASCII, is refused', () => {
  const prepared = new PreparedResponse({ version_info: 'v', type_url: CLUSTER_TYPE_URL, resources: [] });
  assert.throws(() => prepared.withNonce('x'.repeat(128)), /at most 127 printable ASCII/);
  assert.throws(() => prepared.withNonce('nö'), RangeError);
});
