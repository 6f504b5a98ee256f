import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAny, encodeAny, UnknownTypeUrlError } from './any.js';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, HTTP_CONNECTION_MANAGER_TYPE_URL, LISTENER_TYPE_URL, ROUTER_TYPE_URL } from './type-urls.js';
import { durationFromMs, durationToMs, fromStruct, type ProtoStruct } from './well-known.js';

const listener = {
  name: 'lds_ingress_0.0.0.0_15000',
  address: { socket_address: { address: '0.0.0.0', port_value: 15000 } },
  filter_chains: [
    {
      filters: [
        {
          name: 'envoy.filters.network.http_connection_manager',
          typed_config: {
            '@type': HTTP_CONNECTION_MANAGER_TYPE_URL,
            stat_prefix: 'ingress',
            rds: { route_config_name: 'rds_ingress_http_8080', config_source: { ads: {}, resource_api_version: 'V3' } },
            http_filters: [{ name: 'envoy.filters.http.router', typed_config: { '@type': ROUTER_TYPE_URL } }],
          },
        },
      ],
    },
  ],
};

test('a listener with a nested HCM round-trips through Any with proto field names', () => {
  const any = encodeAny(LISTENER_TYPE_URL, listener);
  assert.equal(any.type_url, LISTENER_TYPE_URL);
  const back = decodeAny(any);
  assert.equal(back['name'], 'lds_ingress_0.0.0.0_15000');
  const chains = back['filter_chains'] as Array<{ filters: Array<{ typed_config: Record<string, unknown> }> }>;
  const hcm = chains[0]!.filters[0]!.typed_config;
  assert.equal(hcm['@type'], HTTP_CONNECTION_MANAGER_TYPE_URL);
  assert.equal(hcm['stat_prefix'], 'ingress');
  assert.equal(hcm['route_specifier'], 'rds');
  assert.deepEqual((hcm['rds'] as { route_config_name: string }).route_config_name, 'rds_ingress_http_8080');
  const router = (hcm['http_filters'] as Array<{ typed_config: Record<string, unknown> }>)[0]!.typed_config;
  assert.equal(router['@type'], ROUTER_TYPE_URL);
});

test('encodeAny names the path of a field that does not exist (camelCase slip)', () => {
  assert.throws(
    () => encodeAny(LISTENER_TYPE_URL, { name: 'x', filterChains: [] }),
    /envoy\.config\.listener\.v3\.Listener\.filterChains: no such field/,
  );
  assert.throws(
    () => encodeAny(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, { cluster_name: 'c', endpoints: [{ lb_endpoints: [{ endpoint: { adress: {} } }] }] }),
    /endpoints\[0\]\.lb_endpoints\[0\]\.endpoint\.adress: no such field/,
  );
});

test('decoded objects re-encode unchanged (longs and enums as strings, oneof names)', () => {
  const once = decodeAny(encodeAny(LISTENER_TYPE_URL, listener));
  const twice = decodeAny(encodeAny(LISTENER_TYPE_URL, once));
  assert.deepEqual(twice, once);
});

test('unknown type URLs are reported, not guessed', () => {
  assert.throws(() => decodeAny({ type_url: 'type.googleapis.com/no.such.Type', value: new Uint8Array() }), UnknownTypeUrlError);
});

test('durations convert to and from milliseconds', () => {
  assert.deepEqual(durationFromMs(1500), { seconds: '1', nanos: 500_000_000 });
  assert.equal(durationToMs({ seconds: '2', nanos: 250_000_000 }), 2250);
  assert.equal(durationToMs(null), undefined);
});

test('Struct values use the camelCase names of protobufjs well-known types; snake_case is refused', () => {
  const url = 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog';
  const decoded = decodeAny(encodeAny(url, { path: '/dev/stdout', log_format: { json_format: { fields: { code: { stringValue: '%RESPONSE_CODE%' } } } } }));
  assert.deepEqual(fromStruct((decoded['log_format'] as { json_format: ProtoStruct }).json_format), { code: '%RESPONSE_CODE%' });
  assert.throws(() => encodeAny(url, { log_format: { json_format: { fields: { code: { string_value: 'x' } } } } }), /fields\[code\]\.string_value: no such field in google\.protobuf\.Value/);
});
