import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeAny } from '../../xds-api/any.js';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, TCP_PROXY_TYPE_URL } from '../../xds-api/type-urls.js';
import { decodeAll, DECODERS } from './decoders.js';

function nack(typeUrl: keyof typeof DECODERS, resources: Array<Record<string, unknown>>): string {
  const r = decodeAll<unknown>(DECODERS[typeUrl], resources.map((x) => encodeAny(typeUrl, x)), '1');
  assert.equal(r.ok, false);
  return r.ok ? '' : r.error;
}

test('clusters: good ones compile with defaults, bad ones are refused with the reason', () => {
  const ok = decodeAll<unknown>(DECODERS[CLUSTER_TYPE_URL], [encodeAny(CLUSTER_TYPE_URL, { name: 'c', type: 'EDS', eds_cluster_config: { eds_config: { ads: {} } } })], '1');
  assert.ok(ok.ok);
  assert.match(nack(CLUSTER_TYPE_URL, [{ name: 'c', type: 'STATIC' }, { name: 'c', type: 'STATIC' }]), /duplicate resource name 'c'/);
  assert.match(nack(CLUSTER_TYPE_URL, [{ name: 'c', lb_policy: 'MAGLEV' }]), /Cluster c\.lb_policy: unsupported load balancing policy 'MAGLEV'/);
  assert.match(nack(CLUSTER_TYPE_URL, [{ name: 'c', health_checks: [{ tcp_health_check: {} }] }]), /health_checks\[0\]: interval and timeout are required/);
});

test('endpoints need an address and a port', () => {
  const cla = { cluster_name: 'c', endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '10.0.0.1' } } } }] }] };
  assert.match(nack(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, [cla]), /ClusterLoadAssignment c\.endpoints\[0\]\.lb_endpoints\[0\]\.endpoint\.address\.socket_address: address and port_value 1-65535 are required/);
});

test('listeners: unknown network filters and missing ports are refused', () => {
  const address = { socket_address: { address: '0.0.0.0', port_value: 15001 } };
  assert.match(nack(LISTENER_TYPE_URL, [{ name: 'l', address, filter_chains: [{ filters: [{ name: 'x', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector' } }] }] }]), /Listener l\.filter_chains\[0\]\.filters\[0\]\.typed_config: unsupported network filter/);
  assert.match(nack(LISTENER_TYPE_URL, [{ name: 'l', address: { socket_address: { address: '0.0.0.0' } }, filter_chains: [] }]), /Listener l\.address\.socket_address: an address with port_value 1-65535 is required/);
  const tcp = decodeAll<unknown>(DECODERS[LISTENER_TYPE_URL], [encodeAny(LISTENER_TYPE_URL, { name: 't', address, filter_chains: [{ filters: [{ name: 'tcp', typed_config: { '@type': TCP_PROXY_TYPE_URL, stat_prefix: 's', cluster: 'c' } }] }] })], '1');
  assert.ok(tcp.ok);
});
