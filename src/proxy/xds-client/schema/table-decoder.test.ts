import { test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import { decodeAny, encodeAny, encodeMessage } from '../../../xds-api/any.js';
import { lookupMessage } from '../../../xds-api/protos.js';
import { CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../../xds-api/type-urls.js';
import { ProtoWriter } from '../../../xds-api/wire/proto-wire.js';
import { decodeAll, DECODERS } from '../decoders.js';
import { assertSubset } from '../../../../test/support/assert-subset.js';
import { decodeResource, TABLES } from './registry.js';
import type { FieldSpec, MessageTable } from './table.js';

const KIND_OF_PROTO: Record<string, FieldSpec['kind']> = { string: 'string', bool: 'bool', uint32: 'uint32', int32: 'int32', int64: 'int64', uint64: 'uint64', double: 'double', bytes: 'bytes' };

function expectedKind(field: protobuf.Field): string {
  const t = field.resolve().resolvedType;
  if (field.map) return 'map';
  if (t instanceof protobuf.Enum) return 'enum';
  if (t instanceof protobuf.Type) return t.fullName === '.google.protobuf.Any' ? 'any' : 'message';
  return KIND_OF_PROTO[field.type] ?? field.type;
}

test('every table agrees with the Envoy .proto files: numbers, names, kinds, repetition, oneofs, enum values', () => {
  const seen = new Set<MessageTable>();
  const visit = (t: MessageTable): void => {
    if (seen.has(t)) return;
    seen.add(t);
    const type = lookupMessage(t.name);
    assert.ok(type, `${t.name} is a message of the Envoy protos`);
    for (const [num, spec] of Object.entries(t.fields)) {
      const field: protobuf.Field | undefined = type.fieldsById[Number(num)];
      assert.ok(field, `${t.name} has field ${num}`);
      assert.equal(spec.name, field.name, `${t.name}.${num}`);
      if (spec.kind !== 'opaque') assert.equal(spec.kind, expectedKind(field), `${t.name}.${spec.name} kind`);
      assert.equal(spec.repeated === true, field.repeated && !field.map, `${t.name}.${spec.name} repeated`);
      assert.equal(spec.kind === 'map' ? undefined : spec.oneof, field.partOf?.name, `${t.name}.${spec.name} oneof`);
      if (spec.kind === 'enum') {
        const e = field.resolvedType as protobuf.Enum;
        for (const [n, name] of Object.entries(spec.values)) assert.equal(e.valuesById[Number(n)], name, `${t.name}.${spec.name} = ${n}`);
      }
      if (spec.kind === 'message') visit(typeof spec.table === 'function' ? spec.table() : spec.table);
      if (spec.kind === 'map' && spec.value.kind === 'message') visit(typeof spec.value.table === 'function' ? spec.value.table() : spec.value.table);
    }
  };
  for (const t of TABLES.values()) visit(t);
  assert.ok(seen.size > 40, `${seen.size} tables checked`);
});

test('repeated scalars packed and unpacked, negative int32 and int64, a map of Anys', () => {
  const retry = (codes: ProtoWriter) => new ProtoWriter().string(1, 'rc').message(2, new ProtoWriter().string(1, 'vh').message(16, codes));
  const packed = new ProtoWriter().bytes(7, Buffer.from([0xf7, 0x03, 0xf8, 0x03])); // 503, 504
  const unpacked = new ProtoWriter().uint32(7, 503).uint32(7, 504);
  for (const codes of [packed, unpacked]) {
    const rc = decodeResource(ROUTE_CONFIGURATION_TYPE_URL, retry(codes).finish());
    assert.deepEqual(((rc['virtual_hosts'] as Array<Record<string, unknown>>)[0]!['retry_policy'] as Record<string, unknown>)['retriable_status_codes'], [503, 504]);
  }
  const cluster = {
    name: 'c', type: 'STRICT_DNS', connect_timeout: { seconds: '-5', nanos: -500 },
    health_checks: [{ timeout: { seconds: '1' }, interval: { seconds: '9007199254740993' }, http_health_check: { path: '/h', expected_statuses: [{ start: '-9223372036854775808', end: '9223372036854775807' }] } }],
    typed_extension_protocol_options: {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': { '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions', explicit_http_config: { http2_protocol_options: {} } },
    },
  };
  const any = encodeAny(CLUSTER_TYPE_URL, cluster);
  const mine = decodeResource(CLUSTER_TYPE_URL, any.value);
  assertSubset(mine, decodeAny(any), 'Cluster');
  assert.deepEqual(mine['connect_timeout'], { seconds: '-5', nanos: -500 });
  const hc = (mine['health_checks'] as Array<Record<string, unknown>>)[0]!;
  assert.equal((hc['interval'] as Record<string, unknown>)['seconds'], '9007199254740993', 'int64 beyond 2^53 keeps every digit');
  assert.deepEqual((hc['http_health_check'] as Record<string, unknown>)['expected_statuses'], [{ start: '-9223372036854775808', end: '9223372036854775807' }]);
  assert.equal(hc['health_checker'], 'http_health_check');
  const opts = mine['typed_extension_protocol_options'] as Record<string, Record<string, unknown>>;
  assert.equal(opts['envoy.extensions.upstreams.http.v3.HttpProtocolOptions']!['upstream_protocol_options'], 'explicit_http_config');
});

test('oneofs: the member set is named, the last one on the wire wins; defaults fill the rest; enums by name', () => {
  const bytes = new ProtoWriter().string(1, 'c').uint32(2, 4).uint32(6, 3).message(33, new ProtoWriter().string(1, 'c')).finish();
  const c = decodeResource(CLUSTER_TYPE_URL, bytes);
  assert.equal(c['type'], 'ORIGINAL_DST');
  assert.equal(c['cluster_discovery_type'], 'type');
  assert.equal(c['lb_policy'], 'RANDOM');
  assert.equal(c['dns_lookup_family'], 'AUTO', 'an absent enum is its zero value');
  assert.equal(c['eds_cluster_config'], null, 'an absent message is null');
  assert.deepEqual(c['health_checks'], []);
  const unknownEnum = decodeResource(CLUSTER_TYPE_URL, new ProtoWriter().string(1, 'c').uint32(6, 99).finish());
  assert.equal(unknownEnum['lb_policy'], 99, 'an enum value outside the table stays a number, as protobufjs leaves it');
  // route: prefix then path on the wire: path wins and prefix is gone.
  const match = new ProtoWriter().string(1, '/p').string(2, '/exact');
  const rc = decodeResource(ROUTE_CONFIGURATION_TYPE_URL, new ProtoWriter().message(2, new ProtoWriter().message(3, new ProtoWriter().message(1, match).message(3, new ProtoWriter()))).finish());
  const route = ((rc['virtual_hosts'] as Array<Record<string, unknown>>)[0]!['routes'] as Array<Record<string, unknown>>)[0]!;
  assert.equal((route['match'] as Record<string, unknown>)['path_specifier'], 'path');
  assert.equal((route['match'] as Record<string, unknown>)['prefix'], undefined);
  assert.equal(route['action'], 'redirect', 'a member the proxy never reads is still named, so the compiler can refuse it');
});

test('nested Any: a known type is decoded in @type form, an unknown one stays { type_url, value } and is refused by name', () => {
  const address = { socket_address: { address: '0.0.0.0', port_value: 15001 } };
  const unknown = new ProtoWriter().string(1, 'type.googleapis.com/acme.Filter').bytes(2, Buffer.from([8, 1])).finish();
  const filter = new ProtoWriter().string(1, 'acme').message(4, { finish: () => unknown } as unknown as ProtoWriter);
  const listener = Buffer.concat([Buffer.from(encodeMessage(LISTENER_TYPE_URL, { name: 'l', address })), new ProtoWriter().message(3, new ProtoWriter().message(3, filter)).finish()]);
  const l = decodeResource(LISTENER_TYPE_URL, listener);
  const typed = ((l['filter_chains'] as Array<Record<string, unknown>>)[0]!['filters'] as Array<Record<string, unknown>>)[0]!['typed_config'];
  assert.deepEqual(typed, { type_url: 'type.googleapis.com/acme.Filter', value: Buffer.from([8, 1]) });
  const r = decodeAll<unknown>(DECODERS[LISTENER_TYPE_URL], [{ type_url: LISTENER_TYPE_URL, value: listener }], '1');
  assert.deepEqual(r, { ok: false, error: "Listener l.filter_chains[0].filters[0].typed_config: unsupported network filter 'type.googleapis.com/acme.Filter'" });
});

test('truncated or malformed input is a clear error and a NACK, not a wrong config', () => {
  const good = encodeAny(CLUSTER_TYPE_URL, { name: 'c', type: 'EDS', eds_cluster_config: { service_name: 'svc' } });
  const cut = { type_url: CLUSTER_TYPE_URL, value: good.value.subarray(0, good.value.length - 2) };
  const r = decodeAll<unknown>(DECODERS[CLUSTER_TYPE_URL], [good, cut], '1');
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error, /^resources\[1\]: cannot decode type\.googleapis\.com\/envoy\.config\.cluster\.v3\.Cluster: protobuf: field \d+ runs past the end of its message$/);
  const wrongWire = new ProtoWriter().uint32(1, 7).finish(); // name (a string) as a varint
  assert.throws(() => decodeResource(CLUSTER_TYPE_URL, wrongWire), /envoy\.config\.cluster\.v3\.Cluster\.name has wire type 0, expected 2/);
  assert.throws(() => decodeResource(CLUSTER_TYPE_URL, Buffer.from([0x10, 0x80])), /truncated varint/);
});
