/**
 * Routing through `meshwork proxy` children configured by a real `meshwork up`: a consumer's egress
 * (origin-form with Host, absolute-form as HTTP_PROXY clients send), virtual router routes matching
 * path, regex, headers, method, query parameters and prefix, weighted targets, round robin over Cloud
 * Map instances, a DNS-discovered node (STRICT_DNS), and a virtual gateway's prefix and host rewrite.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RouteSpec } from '@aws-sdk/client-app-mesh';
import { get, request, startUpstream, type Upstream } from '../support/proxy-harness.js';
import { backends, fileScope, httpNode, startRealMesh, type RealMesh } from '../support/real-mesh.js';
import { startMeshProxy, type MeshProxy } from '../support/mesh-proxy.js';

const scope = fileScope();
const BLUE = 'cds_egress_webapp_blue_http_8080';
let mesh: RealMesh;
let p: MeshProxy;
let gw: MeshProxy;
const ups: Upstream[] = [];

const to = (node: string) => ({ weightedTargets: [{ virtualNode: node, weight: 1 }] });
const greenWhen = (priority: number, match: NonNullable<RouteSpec['httpRoute']>['match']): RouteSpec => ({ priority, httpRoute: { match, action: to('green') } });

before(async () => {
  ups.push(await startUpstream('blue-a'), await startUpstream('blue-b'), await startUpstream('green'), await startUpstream('dns'));
  scope.after(() => Promise.all(ups.map((u) => u.close())));
  mesh = await startRealMesh(scope);
  await mesh.nodeService('blue.webapp.local', 'blue', httpNode(8080, 'blue'));
  await mesh.instances('blue', [ups[0]!.port, ups[1]!.port]);
  await mesh.node('green', httpNode(8080, 'green'));
  await mesh.instances('green', [ups[2]!.port]);
  // Not a name Meshwork serves: the proxy resolves it itself (responseType ENDPOINTS → STRICT_DNS).
  await mesh.nodeService('dns.webapp.local', 'dns', { listeners: [{ portMapping: { port: ups[3]!.port, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'localhost', responseType: 'ENDPOINTS' } } });
  await mesh.router('color-router', [{ portMapping: { port: 8080, protocol: 'http' } }]);
  await mesh.route('color-router', 'by-path', greenWhen(1, { path: { exact: '/exact' } }));
  await mesh.route('color-router', 'by-regex', greenWhen(2, { path: { regex: '^/re/[0-9]+$' } }));
  await mesh.route('color-router', 'by-header', greenWhen(3, { prefix: '/', headers: [{ name: 'x-color', match: { exact: 'green' } }] }));
  await mesh.route('color-router', 'by-method', greenWhen(4, { prefix: '/', method: 'POST' }));
  await mesh.route('color-router', 'by-query', greenWhen(5, { prefix: '/', queryParameters: [{ name: 'color', match: { exact: 'green' } }] }));
  await mesh.route('color-router', 'by-prefix', greenWhen(6, { prefix: '/green/' }));
  await mesh.route('color-router', 'rest', { priority: 10, httpRoute: { match: { prefix: '/' }, action: to('blue') } });
  await mesh.service('color.webapp.local', { virtualRouter: { virtualRouterName: 'color-router' } });
  await mesh.router('split-router', [{ portMapping: { port: 8080, protocol: 'http' } }]);
  await mesh.route('split-router', 'split', { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'blue', weight: 1 }, { virtualNode: 'green', weight: 1 }] } } });
  await mesh.service('split.webapp.local', { virtualRouter: { virtualRouterName: 'split-router' } });
  await mesh.node('consumer', { backends: backends('blue.webapp.local', 'color.webapp.local', 'split.webapp.local', 'dns.webapp.local') });
  await mesh.gateway('gw', { listeners: [{ portMapping: { port: 8088, protocol: 'http' } }] });
  await mesh.gatewayRoute('gw', 'color', {
    httpRoute: { match: { prefix: '/color/' }, action: { target: { virtualService: { virtualServiceName: 'color.webapp.local' } }, rewrite: { prefix: { value: '/' } } } },
  });
  [p, gw] = await Promise.all([
    startMeshProxy(scope, mesh.xds, mesh.nodeId('consumer'), { logLevel: 'debug' }),
    startMeshProxy(scope, mesh.xds, mesh.nodeId('gw', 'virtualGateway')),
  ]);
  await p.waitForHealthyHosts(BLUE, 2);
});

const color = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  request({ host: p.address, port: 15001, path, method, headers: { host: 'color.webapp.local:8080', ...headers } });

test('origin-form requests are routed by Host and balanced round robin over the Cloud Map instances', async () => {
  const bodies: string[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await get(p.url(15001, '/id'), { host: 'blue.webapp.local:8080' });
    assert.equal(r.status, 200);
    assert.match(r.headers['x-envoy-upstream-service-time'] as string, /^\d+$/);
    bodies.push(r.body);
  }
  assert.deepEqual(bodies.sort(), ['blue-a GET /id', 'blue-a GET /id', 'blue-b GET /id', 'blue-b GET /id']);
});

test('absolute-form requests (HTTP_PROXY clients) are routed by the URI authority', async () => {
  const r = await request({ host: p.address, port: 15001, path: 'http://color.webapp.local:8080/green/ping?x=1' });
  assert.equal(r.status, 200);
  assert.equal(r.body, 'green GET /green/ping?x=1');
});

test('route matches: exact path, regex, header, method, query parameter, prefix, in priority order', async () => {
  const green = async (r: Promise<{ body: string }>) => (await r).body.startsWith('green ');
  assert.ok(await green(color('/exact')), 'path.exact');
  assert.ok(!(await green(color('/exact/more'))), 'path.exact is not a prefix');
  assert.ok(await green(color('/re/42')), 'path.regex');
  assert.ok(!(await green(color('/re/x42'))), 'path.regex is anchored');
  assert.ok(await green(color('/any', { 'x-color': 'green' })), 'headers exact');
  assert.ok(!(await green(color('/any', { 'x-color': 'blue' }))), 'headers exact, other value');
  assert.ok(await green(color('/any', {}, 'POST')), 'method');
  assert.ok(await green(color('/any?color=green')), 'queryParameters exact');
  assert.ok(!(await green(color('/any?color=blue'))), 'queryParameters exact, other value');
  assert.ok(await green(color('/green/x')), 'prefix');
  assert.match((await color('/other')).body, /^blue-[ab] GET \/other$/, 'no match above: the lowest-priority route');
});

test('weighted targets split requests between both nodes', async () => {
  const replies = await Promise.all(Array.from({ length: 40 }, () => get(p.url(15001, '/w'), { host: 'split.webapp.local' })));
  const names = new Set(replies.map((r) => r.body.split(' ')[0]!.replace(/-[ab]$/, '')));
  assert.deepEqual([...names].sort(), ['blue', 'green']);
});

test('an unknown host gets 404 with the NR flag', async () => {
  const r = await get(p.url(15001, '/'), { host: 'nobody.example' });
  assert.equal(r.status, 404);
  assert.equal(r.headers['x-meshwork-response-flags'], 'NR');
});

test('a virtual gateway rewrites the prefix and the host and routes through the router', async () => {
  const r = await get(gw.url(8088, '/color/exact'), { host: 'www.example.com' });
  assert.deepEqual([r.status, r.body], [200, 'green GET /exact']);
  const miss = await get(gw.url(8088, '/elsewhere'), { host: 'www.example.com' });
  assert.equal(miss.status, 404, 'only /color/ is routed');
});

test('a DNS-discovered node not served by Meshwork is resolved by the proxy (STRICT_DNS, logged at debug)', async () => {
  const r = await get(p.url(15001, '/dns'), { host: 'dns.webapp.local' });
  assert.equal(r.body, 'dns GET /dns');
  await p.child.waitFor(/\[debug\]\[dns\] dns resolution for localhost completed with status success: \[127\.0\.0\.1/, 5000);
});

test('the control plane sees the proxy with its identity, every type ACKed', async () => {
  const { proxies } = JSON.parse((await get(`${mesh.cp.url}/meshwork/v1/proxies`)).body) as {
    proxies: Array<{ node: string; status: string; interception: string; address: string; types: Record<string, { version_sent?: string; version_acked?: string }> }>;
  };
  const me = proxies.find((x) => x.node === 'mesh/webapp/virtualNode/consumer');
  assert.ok(me, JSON.stringify(proxies));
  assert.deepEqual([me.status, me.interception, me.address], ['SYNCED', 'local', p.address]);
  for (const type of ['CDS', 'EDS', 'LDS', 'RDS']) {
    const s = me.types[type];
    assert.ok(s?.version_acked !== undefined && s.version_acked === s.version_sent, `${type}: ${JSON.stringify(s)}`);
  }
});
