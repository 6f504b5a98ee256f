/**
 * A proxy process carries neither @grpc/grpc-js nor protobufjs: it speaks ADS on node:http2 and reads
 * resources with its own tables. Only /config_dump loads protobufjs (to print the full resources).
 * A child `node` imports the proxy's entry modules, runs a Proxy against FakeAdsServer (a stand-in ADS
 * server over grpc-js, in this test process) until LIVE, and lists the CommonJS modules it has loaded
 * (grpc-js and protobufjs are CommonJS), before and after a /config_dump.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../src/xds-api/type-urls.js';
import { FakeAdsServer } from '../support/fake-ads-server.js';
import { freePort } from '../support/proxy-harness.js';
import { assignment, edsCluster, httpListener, route, routeConfig } from '../support/xds-resources.js';

const dist = (p: string) => fileURLToPath(new URL(`../../src/${p}`, import.meta.url));

const CHILD = `
const [cliProxy, proxyModule, logModule, xds] = process.argv.slice(1);
const { createRequire } = await import('node:module');
await import(cliProxy);
const { Proxy } = await import(proxyModule);
const { LogRegistry } = await import(logModule);
const loaded = () => Object.keys(createRequire(proxyModule).cache);
const id = 'mesh/webapp/virtualNode/consumer';
const proxy = new Proxy({ node: { id, cluster: id, user_agent_name: 'meshwork' }, xdsAddress: xds, address: '127.0.0.1', admin: { host: '127.0.0.1', port: 0 }, logs: new LogRegistry('off'), drainTimeoutMs: 100 });
await proxy.start();
await proxy.ready();
const live = loaded();
const res = await fetch('http://' + proxy.admin.address + '/config_dump');
const dump = await res.json();
process.stdout.write(JSON.stringify({ live, dumped: loaded(), status: res.status, clusters: dump.configs[1].dynamic_active_clusters.map((c) => c.cluster) }));
proxy.destroy();
process.exit(0);
`;

let ads: FakeAdsServer;

before(async () => {
  ads = new FakeAdsServer();
  await ads.start();
  ads.set(CLUSTER_TYPE_URL, [edsCluster('blue', { connect_timeout: { seconds: '2', nanos: 0 } })]);
  ads.set(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, [assignment('blue', [['127.0.0.1', 9]])]);
  ads.set(LISTENER_TYPE_URL, [httpListener('lds_egress_0.0.0.0_15001', await freePort(), { statPrefix: 'egress', rds: 'r' })]);
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, [routeConfig('r', [{ name: 'svc', domains: ['svc'], routes: [route({ prefix: '/', cluster: 'blue' })] }])]);
});

after(() => ads?.stop());

test('a LIVE proxy has loaded neither grpc-js nor protobufjs; /config_dump loads protobufjs and prints the full resource', async () => {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, dist('cli/proxy.js'), dist('proxy/proxy.js'), dist('core/log.js'), ads.address], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, err);
  const r = JSON.parse(out) as { live: string[]; dumped: string[]; status: number; clusters: Array<Record<string, unknown>> };
  const of = (mods: string[], pkg: string) => mods.filter((m) => m.includes(`/node_modules/${pkg}/`));
  assert.ok(r.live.some((m) => m.includes('/node_modules/commander/')), 'CommonJS modules are listed (commander, from the CLI entry)');
  assert.deepEqual(of(r.live, '@grpc/grpc-js'), []);
  assert.deepEqual(of(r.live, 'protobufjs'), []);
  assert.deepEqual(of(r.live, '@grpc/proto-loader'), []);
  assert.equal(r.status, 200);
  assert.ok(of(r.dumped, 'protobufjs').length > 0, 'protobufjs is loaded for /config_dump');
  assert.deepEqual(of(r.dumped, '@grpc/grpc-js'), []);
  const cluster = r.clusters[0]!;
  assert.equal(cluster['name'], 'blue');
  assert.deepEqual(cluster['connect_timeout'], { seconds: '2', nanos: 0 });
  assert.equal(cluster['lb_policy'], 'ROUND_ROBIN', 'fields the proxy never reads are there too, with their defaults');
  assert.equal(cluster['@type'], CLUSTER_TYPE_URL);
});
