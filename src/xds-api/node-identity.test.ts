import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeMetadataFromStruct, nodeMetadataToStruct, parseProxyIdentity } from './node-identity.js';
import { decodeMessage, encodeMessage } from './any.js';

test('node identity accepts the resource path or the full ARN', () => {
  assert.deepEqual(parseProxyIdentity('mesh/webapp/virtualNode/green-v1_green'), {
    mesh: 'webapp',
    kind: 'virtualNode',
    name: 'green-v1_green',
    path: 'mesh/webapp/virtualNode/green-v1_green',
  });
  const arn = parseProxyIdentity('arn:aws:appmesh:us-west-2:123456789012:mesh/webapp/virtualGateway/gw');
  assert.ok(!('error' in arn));
  assert.equal(arn.path, 'mesh/webapp/virtualGateway/gw');
  const bad = parseProxyIdentity('webapp/green');
  assert.ok('error' in bad);
  assert.match(bad.error, /expected mesh\/<mesh>\/virtualNode\/<name>/);
});

test('node metadata round-trips through a Struct with defaults for missing keys', () => {
  const md = { interception: 'local' as const, appPorts: new Map([[8081, 40001]]), appHost: '127.0.0.5', address: '127.0.0.5' };
  assert.deepEqual(nodeMetadataFromStruct(nodeMetadataToStruct(md)), md);
  // And through the wire, as a Node message.
  const url = 'type.googleapis.com/envoy.config.core.v3.Node';
  const node = decodeMessage(url, encodeMessage(url, { id: 'mesh/m/virtualNode/n', metadata: nodeMetadataToStruct(md) as Record<string, unknown> }));
  assert.deepEqual(nodeMetadataFromStruct(node['metadata'] as Parameters<typeof nodeMetadataFromStruct>[0]), md);
  assert.deepEqual(nodeMetadataFromStruct(undefined), { interception: 'transparent', appPorts: new Map(), appHost: '127.0.0.1', address: undefined });
});
