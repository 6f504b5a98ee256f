/**
 * `meshwork proxy` as a process against a real `meshwork up`: SIGTERM and POST /quitquitquit drain and
 * exit 0; APPMESH_RESOURCE_ARN names the node; bad flags fail precisely.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startMeshwork } from '../support/child.js';
import { get, post, startUpstream, type Upstream } from '../support/proxy-harness.js';
import { fileScope, httpNode, startRealMesh, type RealMesh } from '../support/real-mesh.js';
import { startMeshProxy, until } from '../support/mesh-proxy.js';

const scope = fileScope();
let mesh: RealMesh;
let slow: Upstream;

before(async () => {
  slow = await startUpstream('app', (req, res) => {
    req.resume();
    setTimeout(() => res.end(`app ${req.url}`), req.url === '/slow' ? 400 : 0);
  });
  scope.after(() => slow.close());
  mesh = await startRealMesh(scope);
  await mesh.node('green', httpNode(8081, 'green'));
  await mesh.node('blue', httpNode(8080, 'blue'));
});

test('SIGTERM drains: the in-flight request completes, then the process exits 0', async () => {
  const p = await startMeshProxy(scope, mesh.xds, mesh.nodeId('green'), { appPorts: { 8081: slow.port }, logLevel: 'info' });
  const inflight = get(p.url(8081, '/slow'));
  await until('the request to reach the app', () => slow.hits > 0);
  p.child.proc.kill('SIGTERM');
  const r = await inflight;
  assert.equal(r.status, 200);
  assert.equal(r.body, 'app /slow');
  assert.equal(await p.child.exited(), 0);
  assert.match(p.child.output(), /caught SIGTERM; draining/);
  await assert.rejects(get(p.url(8081, '/after')), /ECONNREFUSED/);
});

test('APPMESH_RESOURCE_ARN (a full ARN) names the node; POST /quitquitquit exits 0', async () => {
  const arn = 'arn:aws:appmesh:us-west-2:111122223333:mesh/webapp/virtualNode/blue';
  const p = await startMeshProxy(scope, mesh.xds, mesh.nodeId('blue'), { nodeArgs: [], env: { APPMESH_RESOURCE_ARN: arn }, appPorts: { 8080: slow.port } });
  const { proxies } = JSON.parse((await get(`${mesh.cp.url}/meshwork/v1/proxies`)).body) as { proxies: Array<{ node: string; address: string }> };
  assert.ok(proxies.some((x) => x.node === 'mesh/webapp/virtualNode/blue' && x.address === p.address), JSON.stringify(proxies));
  // blue's listener 8080 reaches the app port the proxy announced.
  assert.equal((await get(p.url(8080, '/x'))).body, 'app /x');
  assert.equal((await post(`${p.admin}/quitquitquit`)).body, 'OK\n');
  assert.equal(await p.child.exited(), 0);
});

test('bad flags fail with a precise message and exit 1', async () => {
  const child = startMeshwork(['proxy', '--node', 'mesh/webapp/virtualNode/x', '--app-port', '8080:9090']);
  scope.after(() => child.proc.kill('SIGKILL'));
  assert.equal(await child.exited(), 1);
  assert.match(child.output(), /--app-port.*expected LISTENER_PORT=APP_PORT, got '8080:9090'/);
});
