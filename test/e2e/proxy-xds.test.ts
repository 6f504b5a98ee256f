/**
 * xDS between a real `meshwork up` and a `meshwork proxy` child: a route change becomes a new RDS
 * version that the proxy ACKs and applies whole; the control plane SIGKILLed under load costs no
 * request, and a new control plane on the same data dir and xDS address is picked up with its changes.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { RouteSpec } from '@aws-sdk/client-app-mesh';
import { get, request, startUpstream, type Upstream } from '../support/proxy-harness.js';
import { backends, fileScope, httpNode, startRealMesh, type RealMesh } from '../support/real-mesh.js';
import { startMeshProxy, until, type MeshProxy } from '../support/mesh-proxy.js';

const scope = fileScope();
let mesh: RealMesh;
let consumer: MeshProxy;
let blue: Upstream;
let green: Upstream;

const weights = (b: number, g: number): RouteSpec => ({
  httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'blue', weight: b }, { virtualNode: 'green', weight: g }] } },
});

before(async () => {
  blue = await startUpstream('blue');
  green = await startUpstream('green');
  scope.after(() => Promise.all([blue.close(), green.close()]));
  mesh = await startRealMesh(scope);
  await mesh.node('blue', httpNode(8080, 'blue'));
  await mesh.node('green', httpNode(8080, 'green'));
  await mesh.instances('blue', [blue.port]);
  await mesh.instances('green', [green.port]);
  await mesh.router('svc-router', [{ portMapping: { port: 8080, protocol: 'http' } }]);
  await mesh.route('svc-router', 'svc-route', weights(100, 0));
  await mesh.service('svc.webapp.local', { virtualRouter: { virtualRouterName: 'svc-router' } });
  await mesh.node('consumer', { backends: backends('svc.webapp.local') });
  consumer = await startMeshProxy(scope, mesh.xds, mesh.nodeId('consumer'));
  await consumer.waitForHealthyHosts('cds_egress_webapp_blue_http_8080', 1);
});

const ask = () => get(consumer.url(15001), { host: 'svc.webapp.local:8080' });

interface TypeSummary {
  version_sent?: string;
  version_acked?: string;
}

/** The control plane's view of the consumer's RDS subscription (`GET /meshwork/v1/proxies`). */
async function rdsStatus(): Promise<TypeSummary | undefined> {
  const body = JSON.parse((await get(`${mesh.cp.url}/meshwork/v1/proxies`)).body) as { proxies: Array<{ node: string; types: Record<string, TypeSummary> }> };
  return body.proxies.find((p) => p.node === mesh.nodeId('consumer'))?.types['RDS'];
}

/** Waits until the proxy has ACKed the latest RDS version sent, other than `previous`; returns it. */
async function rdsAcked(what: string, previous?: string): Promise<string> {
  let acked: string | undefined;
  await until(what, async () => {
    const s = await rdsStatus();
    acked = s?.version_acked;
    return acked !== undefined && acked !== previous && acked === s?.version_sent;
  });
  return acked!;
}

test('a route change is a new RDS version: the proxy ACKs it and the next request follows it', async () => {
  assert.equal((await ask()).body, 'blue GET /');
  const first = await rdsAcked('the control plane to see the first RDS ACK');
  await mesh.updateRoute('svc-router', 'svc-route', weights(0, 100));
  await rdsAcked('the proxy to ACK the new route configuration', first);
  const replies = await Promise.all(Array.from({ length: 10 }, ask));
  assert.deepEqual(new Set(replies.map((r) => r.body)), new Set(['green GET /']));
});

test('the control plane SIGKILLed during 5,000 requests: none fail; a new one on the same data dir is picked up', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
  let ok = 0;
  let sent = 0;
  const failures: string[] = [];
  let killed: Promise<void> | undefined;
  const worker = async () => {
    while (sent < 5000) {
      sent++;
      if (sent === 1000) killed = mesh.killControlPlane();
      const r = await request({ host: consumer.address, port: 15001, path: '/', headers: { host: 'svc.webapp.local' }, agent }).catch((e: Error) => ({ status: 0, body: e.message }));
      if (r.status === 200) ok++;
      else failures.push(`${r.status} ${r.body}`);
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  agent.destroy();
  await killed;
  assert.deepEqual(failures, []);
  assert.equal(ok, 5000);
  assert.equal(await consumer.stat('control_plane.connected_state'), 0);

  await mesh.restartControlPlane();
  // The proxy's reconnect backoff has grown while the control plane was down (up to 30 s, as Envoy's).
  await until('the proxy to reconnect', async () => (await consumer.stat('control_plane.connected_state')) === 1, 30_000);
  const resynced = await rdsAcked('the new control plane to see the proxy synced');
  await mesh.updateRoute('svc-router', 'svc-route', weights(100, 0));
  await rdsAcked('the change made after the restart to be ACKed', resynced);
  const replies = await Promise.all(Array.from({ length: 10 }, ask));
  assert.deepEqual(new Set(replies.map((r) => r.body)), new Set(['blue GET /']));
});
