/**
 * Upstream failures through `meshwork proxy` children configured by a real `meshwork up`, each case an
 * App Mesh spec: route retryPolicy and timeouts, App Mesh's default retry policy, Cloud Map instances
 * that are gone, slow or reset, and a listener connectionPool (circuit breaking) on the ingress side.
 * Response flags (UF UH UT UO UR URX) are read from `x-meshwork-response-flags`.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpRetryPolicy } from '@aws-sdk/client-app-mesh';
import { freePort, get, startUpstream, type Upstream } from '../support/proxy-harness.js';
import { backends, cloudMap, fileScope, httpNode, startRealMesh, type RealMesh } from '../support/real-mesh.js';
import { startMeshProxy, until, type MeshProxy } from '../support/mesh-proxy.js';

const scope = fileScope();
const ms = (value: number) => ({ value, unit: 'ms' as const });
const cluster = (node: string) => `cds_egress_webapp_${node}_http_8080`;
const POOLED = 'cds_ingress_webapp_pooled_http_8080';
let mesh: RealMesh;
let p: MeshProxy;
let pooled: MeshProxy;
const ups: Record<string, Upstream> = {};
const pending = new Set<() => void>();
let dir: string;

/** Virtual node `name` (Cloud Map instances at `ports`) behind router `<name>-router` with one route. */
async function routed(name: string, ports: number[], route: { retryPolicy?: HttpRetryPolicy; perRequestMs?: number }): Promise<void> {
  await mesh.node(name, httpNode(8080, name));
  if (ports.length > 0) await mesh.instances(name, ports);
  await mesh.router(`${name}-router`, [{ portMapping: { port: 8080, protocol: 'http' } }]);
  await mesh.route(`${name}-router`, name, {
    httpRoute: {
      match: { prefix: '/' },
      action: { weightedTargets: [{ virtualNode: name, weight: 1 }] },
      ...(route.retryPolicy ? { retryPolicy: route.retryPolicy } : {}),
      ...(route.perRequestMs !== undefined ? { timeout: { perRequest: ms(route.perRequestMs) } } : {}),
    },
  });
  await mesh.service(`${name}.webapp.local`, { virtualRouter: { virtualRouterName: `${name}-router` } });
}

before(async () => {
  ups['ok'] = await startUpstream('ok');
  ups['bad'] = await startUpstream('bad', (req, res) => {
    req.resume();
    res.writeHead(503).end('bad');
  });
  ups['slow'] = await startUpstream('slow', (req, res) => {
    const t = setTimeout(() => res.end('slow'), 3000);
    pending.add(() => clearTimeout(t));
    req.on('close', () => clearTimeout(t));
  });
  ups['reset'] = await startUpstream('reset', (req) => req.socket.destroy());
  scope.after(async () => {
    for (const cancel of pending) cancel();
    await Promise.all(Object.values(ups).map((u) => u.close()));
  });
  const closed = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'meshwork-failures-'));
  scope.after(() => rmSync(dir, { recursive: true, force: true }));
  mesh = await startRealMesh(scope);
  const retry: HttpRetryPolicy = { maxRetries: 2, perRetryTimeout: ms(2000), httpRetryEvents: ['server-error'] };
  await routed('flaky', [ups['bad'].port, ups['ok'].port], { retryPolicy: retry });
  await routed('slow', [ups['slow'].port], { perRequestMs: 200 });
  await routed('pertry', [ups['slow'].port, ups['ok'].port], { retryPolicy: { ...retry, perRetryTimeout: ms(150), httpRetryEvents: ['gateway-error'] } });
  // Provided by the node itself: no route of ours, so App Mesh's default retry policy applies.
  for (const [name, ports] of [['bad', [ups['bad'].port]], ['dead', [closed]], ['empty', []], ['reset', [ups['reset'].port]]] as const) {
    await mesh.nodeService(`${name}.webapp.local`, name, httpNode(8080, name));
    if (ports.length > 0) await mesh.instances(name, ports);
  }
  const json = [{ key: 'authority', value: '%REQ(:AUTHORITY)%' }, { key: 'flags', value: '%RESPONSE_FLAGS%' }];
  await mesh.node('consumer', {
    backends: backends(...['flaky', 'slow', 'pertry', 'bad', 'dead', 'empty', 'reset'].map((n) => `${n}.webapp.local`)),
    logging: { accessLog: { file: { path: join(dir, 'consumer.log'), format: { json } } } },
  });
  await mesh.node('pooled', {
    listeners: [{ portMapping: { port: 8080, protocol: 'http' }, connectionPool: { http: { maxConnections: 1, maxPendingRequests: 1 } }, timeout: { http: { perRequest: ms(500) } } }],
    serviceDiscovery: cloudMap('pooled'),
    logging: { accessLog: { file: { path: join(dir, 'pooled.log'), format: { text: '%RESPONSE_CODE% %RESPONSE_FLAGS% %REQ(:PATH)%\n' } } } },
  });
  [p, pooled] = await Promise.all([
    startMeshProxy(scope, mesh.xds, mesh.nodeId('consumer')),
    startMeshProxy(scope, mesh.xds, mesh.nodeId('pooled'), { appPorts: { 8080: ups['slow'].port } }),
  ]);
  await p.waitForHealthyHosts(cluster('flaky'), 2);
  await p.waitForHealthyHosts(cluster('reset'), 1);
});

const at = (service: string) => get(p.url(15001, '/x'), { host: `${service}.webapp.local` });

test('retryPolicy server-error: a 503 is retried on another instance', async () => {
  for (let i = 0; i < 6; i++) {
    const r = await at('flaky');
    assert.equal(r.status, 200, r.body);
    assert.equal(r.body, 'ok GET /x');
  }
  assert.ok(((await p.stat(`cluster.${cluster('flaky')}.upstream_rq_retry`)) ?? 0) >= 3);
  assert.ok(((await p.stat(`cluster.${cluster('flaky')}.retry.upstream_rq_503`)) ?? 0) >= 3);
});

test("without a retryPolicy App Mesh's default retries a 503 twice, then passes it on (URX)", async () => {
  const before = ups['bad']!.hits;
  const r = await at('bad');
  assert.equal(r.status, 503);
  assert.equal(r.body, 'bad');
  assert.equal(r.headers['x-meshwork-response-flags'], 'URX');
  assert.equal(ups['bad']!.hits - before, 3);
});

test('an instance that refuses connections is 503 UF (URX: the default policy retried it)', async () => {
  const r = await at('dead');
  assert.equal(r.status, 503);
  assert.equal(r.headers['x-meshwork-response-flags'], 'UF,URX');
  assert.match(r.body, /reset reason: connection failure/);
  assert.ok(((await p.stat(`cluster.${cluster('dead')}.upstream_cx_connect_fail`)) ?? 0) >= 1);
});

test('a service with no registered instance is 503 UH "no healthy upstream"', async () => {
  const r = await at('empty');
  assert.equal(r.status, 503);
  assert.equal(r.headers['x-meshwork-response-flags'], 'UH');
  assert.equal(r.body, 'no healthy upstream');
});

test('the route timeout.perRequest gives 504 UT', async () => {
  const started = Date.now();
  const r = await at('slow');
  assert.equal(r.status, 504);
  assert.equal(r.headers['x-meshwork-response-flags'], 'UT');
  assert.equal(r.body, 'upstream request timeout');
  assert.ok(Date.now() - started < 2000);
  assert.equal(await p.stat(`cluster.${cluster('slow')}.upstream_rq_timeout`), 1);
});

test('retryPolicy perRetryTimeout moves on to the next instance', async () => {
  // Round robin may start on either instance; two requests cover both orders.
  for (let i = 0; i < 2; i++) {
    const r = await at('pertry');
    assert.equal(r.status, 200);
    assert.equal(r.body, 'ok GET /x');
  }
  assert.ok(((await p.stat(`cluster.${cluster('pertry')}.upstream_rq_per_try_timeout`)) ?? 0) >= 1);
});

test('an upstream reset before headers is 503 UR (URX: the default policy retried it)', async () => {
  const r = await at('reset');
  assert.equal(r.status, 503);
  assert.equal(r.headers['x-meshwork-response-flags'], 'UR,URX');
});

test('connectionPool http maxConnections 1 + maxPendingRequests 1: a third concurrent request gets 503 UO', async () => {
  const first = [get(pooled.url(8080, '/1')), get(pooled.url(8080, '/2'))];
  await until('two requests in flight at the app cluster', async () => (await pooled.stat(`cluster.${POOLED}.upstream_rq_active`)) === 2);
  const third = await get(pooled.url(8080, '/3'));
  assert.equal(third.status, 503);
  assert.equal(third.headers['x-meshwork-response-flags'], 'UO');
  assert.equal(await pooled.stat(`cluster.${POOLED}.upstream_rq_pending_overflow`), 1);
  assert.deepEqual((await Promise.all(first)).map((r) => r.status), [504, 504], 'the listener timeout.http.perRequest ends the first two');
});

test('the access logs record the same response flags as the header', async () => {
  const read = (f: string) => readFileSync(join(dir, f), { flag: 'a+' }).toString().split('\n').filter((l) => l !== '');
  await until('the pooled proxy to log all three requests', () => read('pooled.log').length >= 3);
  assert.ok(read('pooled.log').includes('503 UO /3'), read('pooled.log').join('\n'));
  const flags = new Map<string, string>();
  for (const line of read('consumer.log')) {
    const { authority, flags: f } = JSON.parse(line) as { authority: string; flags: string | null };
    if (f !== null) flags.set(authority.replace('.webapp.local', ''), f);
  }
  assert.deepEqual(Object.fromEntries([...flags].sort()), { bad: 'URX', dead: 'UF,URX', empty: 'UH', reset: 'UR,URX', slow: 'UT' });
});
