/**
 * The chapter as a new user runs it: `meshwork up` in one process, `meshwork apply/get/describe/delete`
 * in others, against a real SQLite data directory. Includes the book's traps and a kill -9 restart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startControlPlane, type CliRun } from '../support/meshwork-process.js';

const example = (f: string) => join('examples', 'webapp', f);
const book = (f: string) => join('test', 'fixtures', 'book', f);

function ok(run: CliRun, what: string): string {
  assert.equal(run.code, 0, `${what} failed: ${run.stderr}`);
  return run.stdout;
}

test('the chapter applied with the real CLI to a running meshwork up, then read back after kill -9', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshwork-e2e-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const cp = await startControlPlane(t, dataDir);
  const server = ['--server', cp.url];
  const cli = (...args: string[]) => runCli([...args, ...server]);
  const apply = async (file: string) => ok(await cli('apply', '-f', file), `apply ${file}`);

  assert.equal(await apply(example('01-namespaces.yaml')), 'namespace/green created\nnamespace/blue created\nnamespace/consumer created\n');
  const services = await apply(example('02-services.yaml'));
  assert.match(services, /^deployment\.apps\/green-v1 acknowledged: local mode does not run Deployments/m);
  assert.match(services, /^service\/green-v1 created$/m);
  assert.equal(await apply(example('03-mesh.yaml')), 'mesh.appmesh.k8s.aws/webapp created\n');
  assert.equal(await apply(example('04-namespace-labels.yaml')), 'namespace/consumer configured\nnamespace/blue configured\nnamespace/green configured\n');
  assert.equal(await apply(example('05-virtual-nodes.yaml')), 'virtualnode.appmesh.k8s.aws/green-v1 created\nvirtualnode.appmesh.k8s.aws/blue-v1 created\n');

  // The book's consumer node, pasted as printed: refused with file and line, nothing applied.
  const broken = await cli('apply', '-f', book('14-virtualnode-consumer.yaml'));
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /^error: test\/fixtures\/book\/14-virtualnode-consumer\.yaml:19: bad indentation of a mapping entry: "name" is at column 22/m);
  assert.match(broken.stderr, /^Warning: test\/fixtures\/book\/14-virtualnode-consumer\.yaml: lines 5-6, 8-26 are indented with non-breaking spaces/m);
  assert.equal(broken.stdout, '');

  // The book's (non-breaking-space) virtual service applies with a warning.
  const vsFromBook = await cli('apply', '-f', book('12-virtualservice-blue.yaml'));
  assert.equal(ok(vsFromBook, 'apply book VirtualService'), 'virtualservice.appmesh.k8s.aws/blue created\n');
  assert.match(vsFromBook.stderr, /non-breaking spaces \(U\+00A0\)/);
  assert.match(await apply(example('06-virtual-services.yaml')), /^virtualservice\.appmesh\.k8s\.aws\/blue unchanged$/m);
  await apply(example('07-consumer-node.yaml'));
  assert.match(await apply(example('08-router.yaml')), /^virtualrouter\.appmesh\.k8s\.aws\/app-router created$/m);

  const vns = ok(await cli('get', 'virtualnode', '-A'), 'get virtualnode -A').split('\n');
  assert.match(vns[0]!, /^NAMESPACE +NAME +ARN +AGE$/);
  assert.deepEqual(vns.slice(1, -1).map((l) => l.split(/ +/).slice(0, 3)), [
    ['blue', 'blue-v1', 'arn:aws:appmesh:eu-central-1:000000000000:mesh/webapp/virtualNode/blue-v1_blue'],
    ['consumer', 'consumer', 'arn:aws:appmesh:eu-central-1:000000000000:mesh/webapp/virtualNode/consumer_consumer'],
    ['green', 'green-v1', 'arn:aws:appmesh:eu-central-1:000000000000:mesh/webapp/virtualNode/green-v1_green'],
  ]);
  assert.match(vns[1]!, / \d+s$/, 'AGE in kubectl form');

  const router = async () => JSON.parse(ok(await cli('get', 'virtualrouters', 'app-router', '-n', 'consumer', '-o', 'json'), 'get router')) as {
    metadata: { generation: number };
    spec: { routes: { httpRoute: { action: { weightedTargets: { weight: number; virtualNodeRef: { name: string } }[] } } }[] };
    status: { routeARNs: Record<string, string> };
  };
  const before = await router();
  assert.equal((await cli('apply', '-f', example('08-router.yaml'))).stdout.split('\n')[0], 'virtualrouter.appmesh.k8s.aws/app-router unchanged');
  assert.equal((await router()).metadata.generation, before.metadata.generation, 're-applying changes no version');
  const routeVersion = async () => {
    const text = ok(await cli('describe', 'virtualrouter', 'app-router', '-n', 'consumer'), 'describe router');
    return Number(/^Routes:\n  app-route  version (\d+)  arn:/m.exec(text)?.[1]);
  };
  assert.equal(await routeVersion(), 1);
  assert.equal(await apply(example('10-router-50-50.yaml')), 'virtualrouter.appmesh.k8s.aws/app-router configured\n');
  assert.equal(await routeVersion(), 2, 'the route is updated in place: version + 1');
  const after = await router();
  assert.deepEqual(after.spec.routes[0]!.httpRoute.action.weightedTargets.map((w) => [w.virtualNodeRef.name, w.weight]), [['green-v1', 50], ['blue-v1', 50]]);
  assert.match(after.status.routeARNs['app-route'] ?? '', /:mesh\/webapp\/virtualRouter\/app-router_consumer\/route\/app-route$/);

  const gw = await cli('apply', '-f', example('11-gateway.yaml'));
  assert.match(ok(gw, 'apply gateway'), /^gatewayroute\.appmesh\.k8s\.aws\/myapp-route created$/m);
  assert.match(gw.stderr, /unknown field "spec\.httpRoute\.action\.target\.virtualService\.virtualServiceRef\.port" \(ignored\); did you mean spec\.httpRoute\.action\.target\.port\?/);

  const described = ok(await cli('describe', 'virtualnode', 'green-v1', '-n', 'green'), 'describe');
  assert.match(described, /^Referenced By:\n(  .*\n)*  VirtualService green\/green \(green\.green\.svc\.cluster\.local\)$/m);

  const inUse = await cli('delete', 'virtualnode', 'green-v1', '-n', 'green');
  assert.equal(inUse.code, 1);
  assert.match(inUse.stderr, /^error: .*in use/m);

  // Durability: kill -9 after the applies, restart on the same data directory, read back.
  cp.child.kill('SIGKILL');
  await cp.exited;
  const again = await startControlPlane(t, dataDir);
  const reread = ok(await runCli(['get', 'virtualservices', '-A', '--server', again.url]), 'get after restart');
  assert.match(reread, /^consumer +myapp +arn:aws:appmesh:eu-central-1:000000000000:mesh\/webapp\/virtualService\/myapp\.consumer\.svc\.cluster\.local /m);
  const routerAfter = JSON.parse(ok(await runCli(['get', 'virtualrouter', 'app-router', '-n', 'consumer', '-o', 'json'], { MESHWORK_SERVER: again.url }), 'env server')) as typeof after;
  assert.deepEqual(routerAfter.metadata.generation, after.metadata.generation);

  again.child.kill('SIGTERM');
  assert.equal(await again.exited, 0, 'SIGTERM closes gracefully');
});

test('an unreachable control plane is one clear line and a non-zero exit', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const run = await runCli(['get', 'virtualnode', '-A', '--server', `http://127.0.0.1:${port}`]);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, `error: cannot reach the Meshwork control plane at http://127.0.0.1:${port}: connection refused; start it with meshwork up\n`);
});
