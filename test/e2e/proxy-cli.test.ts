import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../src/xds-api/type-urls.js';
import { startMeshwork, type Child } from '../support/child.js';
import { FakeAdsServer } from '../support/fake-ads-server.js';
import { freePort, get, post, startUpstream, type Upstream } from '../support/proxy-harness.js';
import { assignment, edsCluster, httpListener, route, routeConfig } from '../support/xds-resources.js';

let ads: FakeAdsServer;
let slow: Upstream;
let ingress: number;
const children: Child[] = [];

before(async () => {
  slow = await startUpstream('app', (req, res) => {
    req.resume();
    setTimeout(() => res.end(`app ${req.url}`), req.url === '/slow' ? 400 : 0);
  });
  ingress = await freePort();
  ads = new FakeAdsServer();
  await ads.start();
  const local = 'cds_ingress_webapp_green-v1_green_http_8081';
  ads.set(CLUSTER_TYPE_URL, [edsCluster(local)]);
  ads.set(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, [assignment(local, [['127.0.0.1', slow.port]])]);
  ads.set(LISTENER_TYPE_URL, [httpListener(`lds_ingress_0.0.0.0_${ingress}`, ingress, { statPrefix: 'ingress', rds: 'rds_ingress_http_8081' })]);
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, [routeConfig('rds_ingress_http_8081', [{ name: 'local_service', domains: ['*'], routes: [route({ prefix: '/', cluster: local })] }])]);
});

after(async () => {
  for (const c of children) c.proc.kill('SIGKILL');
  ads?.stop();
  await slow.close();
});

async function startProxyProcess(extraEnv: NodeJS.ProcessEnv = {}, args: string[] = ['--node', 'mesh/webapp/virtualNode/green-v1_green']): Promise<{ child: Child; admin: string }> {
  const adminPort = await freePort();
  const child = startMeshwork(['proxy', ...args, '--address', '127.0.0.1', '--admin', `127.0.0.1:${adminPort}`, '--xds', ads.address, '--interception', 'local', '--app-port', `${ingress}=${slow.port}`], { ENVOY_LOG_LEVEL: 'info', ...extraEnv });
  children.push(child);
  await child.waitFor(/the proxy is LIVE/);
  return { child, admin: `http://127.0.0.1:${adminPort}` };
}

test('SIGTERM drains: the in-flight request completes, then the process exits 0', async () => {
  const { child } = await startProxyProcess();
  const inflight = get(`http://127.0.0.1:${ingress}/slow`);
  await new Promise<void>((resolve) => {
    const check = () => (slow.hits > 0 ? resolve() : setImmediate(check));
    check();
  });
  child.proc.kill('SIGTERM');
  const r = await inflight;
  assert.equal(r.status, 200);
  assert.equal(r.body, 'app /slow');
  assert.equal(await child.exited(), 0);
  await assert.rejects(get(`http://127.0.0.1:${ingress}/after`), /ECONNREFUSED/);
});

test('APPMESH_RESOURCE_ARN (a full ARN) names the node; POST /quitquitquit exits 0', async () => {
  const before = ads.requests.length;
  const { child, admin } = await startProxyProcess({ APPMESH_RESOURCE_ARN: 'arn:aws:appmesh:us-west-2:111122223333:mesh/webapp/virtualNode/blue-v1_blue' }, []);
  const first = ads.requests.slice(before).find((r) => r.nodeId !== undefined);
  assert.equal(first?.nodeId, 'mesh/webapp/virtualNode/blue-v1_blue');
  assert.deepEqual([...(first?.nodeMetadata?.appPorts ?? [])], [[ingress, slow.port]]);
  assert.equal((await get(`http://127.0.0.1:${ingress}/x`)).body, 'app /x');
  assert.equal((await post(`${admin}/quitquitquit`)).body, 'OK\n');
  assert.equal(await child.exited(), 0);
});

test('bad flags fail with a precise message and exit 1', async () => {
  const child = startMeshwork(['proxy', '--node', 'mesh/webapp/virtualNode/x', '--app-port', '8080:9090']);
  children.push(child);
  assert.equal(await child.exited(), 1);
  assert.match(child.output(), /--app-port.*expected LISTENER_PORT=APP_PORT, got '8080:9090'/);
});
