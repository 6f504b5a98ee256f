/**
 * One world: `meshwork up --credentials FILE` in a child process, the chapter's manifests applied with
 * `meshwork apply`, then read and changed with the real AWS CLI v2, and read back with `meshwork get`.
 * Also the bind policy as a user meets it: a non-loopback address without credentials is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAwsCliV2, runAwsCli } from '../support/aws-cli.js';
import { runCli, startControlPlane } from '../support/meshwork-process.js';

const cli = findAwsCliV2();
const KEY = { accessKeyId: 'AKIDMESHWORKE2E', secretAccessKey: 'e2e/secret+key' };
const ARN = 'arn:aws:appmesh:eu-central-1:000000000000:mesh/webapp';

function tempDir(t: { after(fn: () => void): void }, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test(
  'manifests and the App Mesh API share one world',
  { skip: cli === undefined ? 'AWS CLI v2 not installed (/usr/bin/aws; .ci/run installs the awscli package)' : false },
  async (t) => {
    const dir = tempDir(t, 'meshwork-one-world-');
    const credentials = join(dir, 'credentials');
    writeFileSync(credentials, `[default]\naws_access_key_id = ${KEY.accessKeyId}\naws_secret_access_key = ${KEY.secretAccessKey}\n`);
    const cp = await startControlPlane(t, join(dir, 'data'), 10_000, ['--credentials', credentials]);
    assert.match(cp.output(), /^API requests: SigV4 signatures required$/m);
    const meshwork = async (...args: string[]) => {
      const run = await runCli([...args, '--server', cp.url]);
      assert.equal(run.code, 0, `meshwork ${args.join(' ')}: ${run.stderr}`);
      return run.stdout;
    };
    const aws = async (...args: string[]) => {
      const run = await runAwsCli(cli!, ['appmesh', ...args], { endpoint: cp.url, ...KEY });
      assert.equal(run.code, 0, `aws appmesh ${args.join(' ')}: ${run.stderr}`);
      return JSON.parse(run.stdout) as unknown;
    };
    const manifests = ['01-namespaces', '02-services', '03-mesh', '04-namespace-labels', '05-virtual-nodes', '06-virtual-services', '07-consumer-node', '08-router'];
    await meshwork('apply', '-f', ...manifests.map((f) => join('examples', 'webapp', `${f}.yaml`)));

    // What the chapter prints, and errors as the CLI prints them (independent reads, run together).
    const [listed, described, missing, wrongSecret] = await Promise.all([
      aws('list-virtual-nodes', '--mesh-name', 'webapp') as Promise<{ virtualNodes: Array<{ virtualNodeName: string; arn: string }> }>,
      aws('describe-virtual-node', '--virtual-node-name', 'consumer_consumer', '--mesh-name', 'webapp') as Promise<{
        virtualNode: { status: { status: string }; metadata: { arn: string } };
      }>,
      runAwsCli(cli!, ['appmesh', 'describe-virtual-node', '--virtual-node-name', 'nope', '--mesh-name', 'webapp'], { endpoint: cp.url, ...KEY }),
      runAwsCli(cli!, ['appmesh', 'list-meshes'], { endpoint: cp.url, accessKeyId: KEY.accessKeyId, secretAccessKey: 'wrong' }),
    ]);
    assert.deepEqual(
      listed.virtualNodes.map((n) => [n.virtualNodeName, n.arn]),
      ['blue-v1_blue', 'consumer_consumer', 'green-v1_green'].map((name) => [name, `${ARN}/virtualNode/${name}`]),
    );
    assert.equal(described.virtualNode.status.status, 'ACTIVE');
    assert.equal(described.virtualNode.metadata.arn, `${ARN}/virtualNode/consumer_consumer`);
    assert.equal(missing.code, 254);
    assert.match(missing.stderr, /\(NotFoundException\) when calling the DescribeVirtualNode operation.*: VirtualNode mesh=webapp name=nope not found/);
    assert.equal(wrongSecret.code, 254);
    assert.match(wrongSecret.stderr, /\(ForbiddenException\) when calling the ListMeshes operation.*: the request signature does not match/);

    // A weight changed through the API is what the manifest view shows.
    const spec = {
      httpRoute: {
        match: { prefix: '/id' },
        action: { weightedTargets: [{ virtualNode: 'green-v1_green', weight: 50, port: 8081 }, { virtualNode: 'blue-v1_blue', weight: 50, port: 8080 }] },
      },
    };
    await aws('update-route', '--mesh-name', 'webapp', '--virtual-router-name', 'app-router_consumer', '--route-name', 'app-route', '--spec', JSON.stringify(spec));
    const yaml = await meshwork('get', 'virtualrouter', 'app-router', '-n', 'consumer', '-o', 'yaml');
    assert.deepEqual([...yaml.matchAll(/weight: (\d+)/g)].map((m) => m[1]), ['50', '50']);

    // A node created through the API shows in `meshwork get virtualnode -A`.
    const nodeSpec = { listeners: [{ portMapping: { port: 9000, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'api-node.local' } } };
    await aws('create-virtual-node', '--mesh-name', 'webapp', '--virtual-node-name', 'api-node', '--spec', JSON.stringify(nodeSpec));
    assert.match(await meshwork('get', 'virtualnode', '-A'), new RegExp(`api-node +${ARN}/virtualNode/api-node `));

    // Credentials are configured: an unsigned request is refused.
    const unsigned = await fetch(`${cp.url}/v20190125/meshes`);
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.headers.get('x-amzn-errortype'), 'ForbiddenException');
  },
);

test('meshwork up refuses a non-loopback address without credentials, and starts with --insecure', async (t) => {
  const dir = tempDir(t, 'meshwork-bind-');
  const refused = await runCli(['up', '--http', '0.0.0.0:0', '--xds', '127.0.0.1:0', '--dns', '127.0.0.1:0', '--data-dir', join(dir, 'a')], {
    MESHWORK_CREDENTIALS: '',
    MESHWORK_ACCESS_KEY_ID: '',
    MESHWORK_SECRET_ACCESS_KEY: '',
  });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^error: refusing to serve the APIs on 0\.0\.0\.0 without credentials.*--insecure/m);

  const insecure = await startControlPlane(t, join(dir, 'b'), 10_000, ['--http', '0.0.0.0:0', '--insecure']);
  assert.match(insecure.output(), /^API requests: not authenticated \(no credentials configured\)$/m);
  assert.equal((await fetch(`${insecure.url}/v20190125/meshes`)).status, 200);
});
