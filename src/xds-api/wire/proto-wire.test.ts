import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLUSTER_TYPE_URL, decodeMessage, encodeMessage } from '../index.js';
import { bytesField, forEachField, messagesAt, ProtoWriter, repeated, stringField, varintField } from './proto-wire.js';

const NODE_TYPE_URL = 'type.googleapis.com/envoy.config.core.v3.Node';

test('reads strings, varints and nested messages of a protobufjs encoding in place', () => {
  const bytes = encodeMessage(CLUSTER_TYPE_URL, {
    name: 'c', type: 'EDS', connect_timeout: { seconds: '5' }, eds_cluster_config: { service_name: 'svc' },
    per_connection_buffer_limit_bytes: { value: 300 }, lb_policy: 'LEAST_REQUEST',
  });
  assert.equal(stringField(bytes, 1), 'c');
  assert.equal(varintField(bytes, 2), 3, 'type EDS');
  assert.equal(varintField(bytes, 6), 1, 'lb_policy LEAST_REQUEST');
  assert.equal(stringField(bytes_(bytes, 3), 2), 'svc');
  assert.equal(varintField(bytes_(bytes, 4), 1), 5, 'connect_timeout.seconds');
  assert.equal(varintField(bytesField(bytes, 5)!, 1), 300, 'a varint above 127');
  assert.equal(stringField(bytes, 77), '', 'an absent string is the default');
  assert.equal(varintField(bytes, 77), 0, 'an absent varint is the default');
});

function bytes_(buf: Uint8Array, field: number): Uint8Array {
  const b = bytesField(buf, field);
  assert.ok(b, `field ${field} present`);
  return b;
}

test('repeated fields and paths fan out in wire order', () => {
  const inner = (s: string) => new ProtoWriter().string(1, s).finish();
  const outer = new ProtoWriter().bytes(2, new ProtoWriter().bytes(3, inner('a')).bytes(3, inner('b')).finish()).bytes(2, new ProtoWriter().bytes(3, inner('c')).finish()).finish();
  assert.deepEqual(messagesAt(outer, [2, 3]).map((m) => stringField(m, 1)), ['a', 'b', 'c']);
  assert.equal(repeated(outer, 2).length, 2);
  assert.deepEqual(messagesAt(outer, [9, 3]), []);
});

test('what ProtoWriter writes decodes with protobufjs; empty strings are left out', () => {
  const bytes = new ProtoWriter().string(1, 'mesh/bench/virtualNode/consumer-1').string(2, '').string(6, 'ü-agent').finish();
  const node = decodeMessage(NODE_TYPE_URL, bytes);
  assert.equal(node['id'], 'mesh/bench/virtualNode/consumer-1');
  assert.equal(node['cluster'], '');
  assert.equal(node['user_agent_name'], 'ü-agent');
  let count = 0;
  forEachField(bytes, () => count++);
  assert.equal(count, 2);
});

test('truncated input is a RangeError, not a wrong answer', () => {
  const bytes = new ProtoWriter().string(1, 'hello').finish();
  assert.throws(() => stringField(bytes.subarray(0, 4), 1), RangeError);
  assert.throws(() => varintField(Buffer.from([0x08, 0x80]), 1), RangeError);
  assert.throws(() => forEachField(Buffer.from([0x0b]), () => {}), /unsupported wire type 3/);
});
