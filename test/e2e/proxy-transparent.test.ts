/**
 * The proxy in App Mesh's transparent layout, configured by a real `meshwork up` with the chapter's
 * manifests: `meshwork proxy --interception transparent` for the consumer gets `lds_ingress_0.0.0.0_15000`
 * and `lds_egress_0.0.0.0_15001`; egress picks the per-destination-port chain by the port in Host (what
 * iptables would have redirected), and ingress forwards to the app. Green and blue are pods registered
 * through the workloads API, each served by a plain HTTP server on its own leased address.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { allocateAddress, type AddressLease } from '../../src/local/addresses.js';
import { WorkloadsClient, type Registration } from '../../src/local/workloads-client.js';
import { runCli, startControlPlane, type RunningControlPlane } from '../support/meshwork-process.js';
import { startMeshworkProxy, type Child } from '../support/child.js';
import { freePort, get, request, startUpstream, type Upstream } from '../support/proxy-harness.js';
import { WEBAPP_EXAMPLE } from '../support/paths.js';

const hooks: (() => unknown)[] = [];
let cp: RunningControlPlane;
let proxy: Child;
let proxyAddress: string;
let app: Upstream;

/** A pod of `namespace` with `labels`: a server on its own address and listener port, registered while the test runs. */
async function pod(client: WorkloadsClient, namespace: string, name: string, port: number, color: string): Promise<void> {
  const lease: AddressLease = await allocateAddress();
  hooks.push(() => lease.release());
  const server: Server = createServer((req, res) => res.end(`${color} ${req.method} ${req.url}`));
  await new Promise<void>((r) => server.listen(port, lease.address, r));
  hooks.push(() => server.close());
  const registration: Registration = await client.register({
    namespace,
    name,
    labels: { 'app.kubernetes.io/name': `${color}-v1` },
    address: lease.address,
    ports: [{ port, protocol: 'http' }],
    health: 'HEALTHY',
    pid: process.pid,
    node: { meshName: 'webapp', kind: 'virtualNode', name: `${color}-v1_${namespace}` },
  });
  hooks.unshift(() => registration.close());
}

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshwork-proxy-transparent-'));
  hooks.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cp = await startControlPlane({ after: (fn) => void hooks.unshift(fn as () => unknown) }, dataDir);
  const xds = /^xds listening on (\S+)$/m.exec(cp.output())![1]!;
  const files = ['04-namespace-labels.yaml', '02-services.yaml', '03-mesh.yaml', '05-virtual-nodes.yaml', '06-virtual-services.yaml', '07-consumer-node.yaml'];
  const applied = await runCli(['apply', '--server', cp.url, '-f', ...files.map((f) => join(WEBAPP_EXAMPLE, f))]);
  assert.equal(applied.code, 0, applied.stderr);
  const client = new WorkloadsClient(cp.url);
  await pod(client, 'green', 'green-v1-1', 8081, 'green');
  await pod(client, 'blue', 'blue-v1-1', 8080, 'blue');
  app = await startUpstream('consumer-app');
  hooks.push(() => app.close());
  const lease = await allocateAddress();
  hooks.push(() => lease.release());
  proxyAddress = lease.address;
  const admin = await freePort();
  proxy = startMeshworkProxy([
    '--node', 'mesh/webapp/virtualNode/consumer_consumer', '--address', proxyAddress, '--admin', `127.0.0.1:${admin}`,
    '--xds', xds, '--interception', 'transparent', '--app-port', `8082=${app.port}`, '--app-host', '127.0.0.1',
  ]);
  hooks.unshift(() => proxy.proc.kill('SIGKILL'));
  // Ready once it has listeners, clusters and both endpoints from the control plane.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const clusters = await get(`http://127.0.0.1:${admin}/clusters`).catch(() => undefined);
    if (clusters && /cds_egress_webapp_green-v1_green_http_8081::127\./.test(clusters.body) && /cds_egress_webapp_blue-v1_blue_http_8080::127\./.test(clusters.body)) break;
    if (Date.now() > deadline) assert.fail(`the proxy did not get its configuration in time:\n${proxy.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const listeners = await get(`http://127.0.0.1:${admin}/listeners`);
  assert.equal(listeners.body, `lds_egress_0.0.0.0_15001::${proxyAddress}:15001\nlds_ingress_0.0.0.0_15000::${proxyAddress}:15000\n`);
});

after(async () => {
  for (const h of hooks.splice(0)) await h();
});

test('egress: the per-destination-port chain is chosen by the port in Host, as iptables would have redirected it', async () => {
  assert.equal((await get(`http://${proxyAddress}:15001/a`, { host: 'green.green.svc.cluster.local:8081' })).body, 'green GET /a');
  assert.equal((await get(`http://${proxyAddress}:15001/b`, { host: 'blue.blue.svc.cluster.local:8080' })).body, 'blue GET /b');
  assert.equal((await request({ host: proxyAddress, port: 15001, path: 'http://green.green.svc.cluster.local:8081/c' })).body, 'green GET /c');
});

test('egress: a name that is no backend on that port gets 404 NR (the chapter\'s mesh drops unknown destinations)', async () => {
  const r = await get(`http://${proxyAddress}:15001/x`, { host: 'green.green.svc.cluster.local:8080' });
  assert.equal(r.status, 404);
  assert.equal(r.headers['x-meshwork-response-flags'], 'NR');
});

test('ingress: 15000 forwards to the app', async () => {
  const before = app.hits;
  assert.equal((await get(`http://${proxyAddress}:15000/hello`)).body, 'consumer-app GET /hello');
  assert.equal(app.hits, before + 1);
});
