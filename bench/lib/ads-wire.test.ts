import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLUSTER_TYPE_URL, decodeMessage, encodeAny, encodeMessage, LISTENER_TYPE_URL, nodeMetadataFromStruct, nodeMetadataToStruct,
} from '../../src/xds-api/index.js';
import { encodeDiscoveryRequest, encodeNode, readDiscoveryResponse } from './ads-wire.js';

const REQUEST = 'type.googleapis.com/envoy.service.discovery.v3.DiscoveryRequest';
const RESPONSE = 'type.googleapis.com/envoy.service.discovery.v3.DiscoveryResponse';

test('a DiscoveryRequest written field by field decodes with protobufjs, node metadata included', () => {
  const metadata = nodeMetadataToStruct({ interception: 'local', appPorts: new Map([[8080, 40000]]), appHost: '127.0.0.1', address: '127.0.0.9' });
  const node = encodeNode('mesh/bench/virtualNode/consumer-1', 'consumer-1', metadata, 'meshwork-bench');
  const req = decodeMessage(REQUEST, encodeDiscoveryRequest({ node, typeUrl: CLUSTER_TYPE_URL, resourceNames: ['a', 'b'], versionInfo: 'v1', responseNonce: '7' }));
  assert.equal(req['type_url'], CLUSTER_TYPE_URL);
  assert.deepEqual(req['resource_names'], ['a', 'b']);
  assert.equal(req['version_info'], 'v1');
  assert.equal(req['response_nonce'], '7');
  const n = req['node'] as { id: string; cluster: string; user_agent_name: string; metadata: never };
  assert.deepEqual([n.id, n.cluster, n.user_agent_name], ['mesh/bench/virtualNode/consumer-1', 'consumer-1', 'meshwork-bench']);
  assert.deepEqual(nodeMetadataFromStruct(n.metadata), nodeMetadataFromStruct(metadata));
  const ack = decodeMessage(REQUEST, encodeDiscoveryRequest({ typeUrl: LISTENER_TYPE_URL, resourceNames: [], versionInfo: '', responseNonce: '' }));
  assert.equal(ack['node'], null);
  assert.deepEqual(ack['resource_names'], []);
});

test('a DiscoveryResponse yields its version, type URL, nonce and each resource still encoded', () => {
  const cluster = { name: 'c1', type: 'EDS' };
  const bytes = encodeMessage(RESPONSE, {
    version_info: 'abc', type_url: CLUSTER_TYPE_URL, nonce: '42', control_plane: { identifier: 'meshwork' },
    resources: [encodeAny(CLUSTER_TYPE_URL, cluster), { type_url: CLUSTER_TYPE_URL, value: new Uint8Array(0) }],
  });
  const r = readDiscoveryResponse(bytes);
  assert.deepEqual([r.versionInfo, r.typeUrl, r.nonce], ['abc', CLUSTER_TYPE_URL, '42']);
  assert.equal(r.resources.length, 2);
  assert.deepEqual(decodeMessage(CLUSTER_TYPE_URL, r.resources[0]!)['name'], 'c1');
  assert.equal(r.resources[1]!.length, 0);
});
