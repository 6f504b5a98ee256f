// The chapter's `aws appmesh` commands, run with the real AWS CLI v2 against a running App Mesh API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { findAwsCliV2, runAwsCli } from '../support/aws-cli.js';
import { startAppMeshApi, type RunningAppMeshApi } from '../support/appmesh-server.js';
import { createTestManager, type TestManager } from '../support/test-manager.js';
import { webappMutations } from '../support/webapp-mesh.js';

const cli = findAwsCliV2();
const skip = cli === undefined ? 'AWS CLI v2 not installed (/usr/bin/aws; .ci/run installs the awscli package)' : false;
const KEY = { accessKeyId: 'AKIDMESHWORKCLI', secretAccessKey: 'cli-secret' };

let tm: TestManager;
let api: RunningAppMeshApi;

before(async () => {
  if (cli === undefined) return;
  tm = await createTestManager();
  await tm.manager.apply(webappMutations());
  api = await startAppMeshApi(tm.manager, new Map([[KEY.accessKeyId, { ...KEY, source: 'default' }]]));
});
after(async () => {
  await api?.server.close();
  await tm?.close();
});

interface VirtualNodeRef {
  virtualNodeName: string;
  meshName: string;
  arn: string;
  version: number;
}

interface VirtualNodeData {
  virtualNodeName: string;
  status: { status: string };
  metadata: { arn: string };
  spec: { backends: Array<{ virtualService: { virtualServiceName: string } }>; listeners: Array<{ portMapping: { port: number } }> };
}

test('aws appmesh list-virtual-nodes --mesh-name webapp lists the chapter nodes with their ARNs', { skip }, async () => {
  const res = await runAwsCli(cli!, ['appmesh', 'list-virtual-nodes', '--mesh-name', 'webapp'], { endpoint: api.endpoint, ...KEY });
  assert.equal(res.code, 0, res.stderr);
  const out = JSON.parse(res.stdout) as { virtualNodes: VirtualNodeRef[] };
  assert.deepEqual(out.virtualNodes.map((n) => n.virtualNodeName), ['blue-v1_blue', 'consumer_consumer', 'green-v1_green']);
  for (const n of out.virtualNodes) {
    assert.equal(n.meshName, 'webapp');
    assert.match(n.arn, new RegExp(`^arn:aws:appmesh:[a-z0-9-]+:\\d{12}:mesh/webapp/virtualNode/${n.virtualNodeName}$`));
    assert.equal(n.version, 1);
  }
});

test('aws appmesh describe-virtual-node consumer_consumer shows it ACTIVE with its backends', { skip }, async () => {
  const args = ['appmesh', 'describe-virtual-node', '--virtual-node-name', 'consumer_consumer', '--mesh-name', 'webapp'];
  const res = await runAwsCli(cli!, args, { endpoint: api.endpoint, ...KEY });
  assert.equal(res.code, 0, res.stderr);
  const vn = (JSON.parse(res.stdout) as { virtualNode: VirtualNodeData }).virtualNode;
  assert.equal(vn.status.status, 'ACTIVE');
  assert.equal(vn.virtualNodeName, 'consumer_consumer');
  assert.match(vn.metadata.arn, /:mesh\/webapp\/virtualNode\/consumer_consumer$/);
  assert.deepEqual(
    vn.spec.backends.map((b) => b.virtualService.virtualServiceName),
    ['blue.blue.svc.cluster.local', 'green.green.svc.cluster.local'],
  );
  assert.equal(vn.spec.listeners[0]?.portMapping.port, 8082);
});

test('aws appmesh with a wrong secret is refused with ForbiddenException', { skip }, async () => {
  const res = await runAwsCli(cli!, ['appmesh', 'list-meshes'], { endpoint: api.endpoint, accessKeyId: KEY.accessKeyId, secretAccessKey: 'wrong' });
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /ForbiddenException/);
});

test('aws appmesh describe of a missing node prints NotFoundException', { skip }, async () => {
  const res = await runAwsCli(cli!, ['appmesh', 'describe-virtual-node', '--virtual-node-name', 'nope', '--mesh-name', 'webapp'], { endpoint: api.endpoint, ...KEY });
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /NotFoundException.*VirtualNode mesh=webapp name=nope not found/);
});
