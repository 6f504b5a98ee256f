import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage, encodeAny, encodeMessage } from '../any.js';
import { nodeMetadataFromStruct, nodeMetadataToStruct } from '../node-identity.js';
import { CLUSTER_TYPE_URL, LISTENER_TYPE_URL } from '../type-urls.js';
import { decodeDiscoveryResponse, encodeDiscoveryRequest } from './discovery-codec.js';

const REQUEST_TYPE_URL = 'type.googleapis.com/envoy.service.discovery.v3.DiscoveryRequest';
const RESPONSE_TYPE_URL = 'type.googleapis.com/envoy.service.discovery.v3.DiscoveryResponse';
const STRUCT_TYPE_URL = 'type.googleapis.com/google.protobuf.Struct';

test('a DiscoveryRequest written by hand reads back with protobufjs: node, metadata, names, NACK status', () => {
  const metadata = nodeMetadataToStruct({ interception: 'local', appPorts: new Map([[15000, 8080]]), appHost: '127.0.0.1', address: '10.0.0.7' });
  const bytes = encodeDiscoveryRequest({
    version_info: '7',
    node: { id: 'mesh/m/virtualNode/n', cluster: 'mesh/m/virtualNode/n', metadata, user_agent_name: 'meshwork', user_agent_version: '0.1.0' },
    resource_names: ['a', 'b'],
    type_url: CLUSTER_TYPE_URL,
    response_nonce: 'n1',
    error_detail: { code: 3, message: 'Cluster c.lb_policy: unsupported' },
  });
  const req = decodeMessage(REQUEST_TYPE_URL, bytes);
  assert.equal(req['version_info'], '7');
  assert.deepEqual(req['resource_names'], ['a', 'b']);
  assert.equal(req['type_url'], CLUSTER_TYPE_URL);
  assert.equal(req['response_nonce'], 'n1');
  assert.deepEqual(req['error_detail'], { code: 3, message: 'Cluster c.lb_policy: unsupported', details: [] });
  const node = req['node'] as Record<string, unknown>;
  assert.equal(node['id'], 'mesh/m/virtualNode/n');
  assert.equal(node['user_agent_name'], 'meshwork');
  assert.equal(node['user_agent_version'], '0.1.0');
  assert.deepEqual(nodeMetadataFromStruct(node['metadata'] as never), { interception: 'local', appPorts: new Map([[15000, 8080]]), appHost: '127.0.0.1', address: '10.0.0.7' });
});

test('Struct values of every kind and negative int32 codes encode as protobufjs reads them', () => {
  const metadata = { fields: { n: { nullValue: 'NULL_VALUE' }, f: { boolValue: false }, t: { boolValue: true }, x: { numberValue: -1.5 }, l: { listValue: { values: [{ stringValue: 's' }, { numberValue: 0 }] } }, s: { structValue: { fields: { k: { stringValue: 'v' } } } } } };
  const bytes = encodeDiscoveryRequest({ version_info: '', node: { id: 'i', metadata }, resource_names: [], type_url: LISTENER_TYPE_URL, response_nonce: '', error_detail: { code: -2, message: '' } });
  const req = decodeMessage(REQUEST_TYPE_URL, bytes);
  assert.equal((req['error_detail'] as Record<string, unknown>)['code'], -2);
  const struct = decodeMessage(STRUCT_TYPE_URL, encodeMessage(STRUCT_TYPE_URL, (req['node'] as Record<string, unknown>)['metadata'] as Record<string, unknown>));
  assert.deepEqual(struct, {
    fields: {
      n: { nullValue: 'NULL_VALUE', kind: 'nullValue' }, f: { boolValue: false, kind: 'boolValue' }, t: { boolValue: true, kind: 'boolValue' }, x: { numberValue: -1.5, kind: 'numberValue' },
      l: { listValue: { values: [{ stringValue: 's', kind: 'stringValue' }, { numberValue: 0, kind: 'numberValue' }] }, kind: 'listValue' },
      s: { structValue: { fields: { k: { stringValue: 'v', kind: 'stringValue' } } }, kind: 'structValue' },
    },
  });
});

test('a DiscoveryResponse encoded by protobufjs decodes by hand; resources stay encoded Anys', () => {
  const resources = [encodeAny(CLUSTER_TYPE_URL, { name: 'a' }), encodeAny(CLUSTER_TYPE_URL, { name: 'b', type: 'EDS' })];
  const bytes = encodeMessage(RESPONSE_TYPE_URL, { version_info: '3', resources, type_url: CLUSTER_TYPE_URL, nonce: '42', canary: true, control_plane: { identifier: 'cp' } });
  const res = decodeDiscoveryResponse(bytes);
  assert.equal(res.version_info, '3');
  assert.equal(res.type_url, CLUSTER_TYPE_URL);
  assert.equal(res.nonce, '42');
  assert.deepEqual(res.resources.map((r) => ({ type_url: r.type_url, value: Buffer.from(r.value) })), resources.map((r) => ({ type_url: r.type_url, value: Buffer.from(r.value) })));
  assert.throws(() => decodeDiscoveryResponse(bytes.subarray(0, bytes.length - 3)), RangeError);
});
