/**
 * Meshwork's proxy driven by Meshwork's xDS server: the chapter's consumer (local mode) reaches
 * myapp through the router and follows a weight change applied to the store; the chapter's virtual
 * gateway forwards through its own egress.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LogRegistry } from '../../src/core/log.js';
import { Proxy } from '../../src/proxy/proxy.js';
import { nodeMetadataToStruct } from '../../src/xds-api/node-identity.js';
import * as chapter from '../support/chapter.js';
import { endpoint, FixtureEndpoints, writeResources } from '../support/mesh-fixture.js';
import { request, startUpstream } from '../support/proxy-harness.js';
import { startXds } from '../support/xds-harness.js';

const CONSUMER = 'mesh/webapp/virtualNode/consumer_consumer';
/** The consumer's "pod IP": its own loopback address, so its fixed ports clash with nothing else. */
const POD_IP = '127.0.0.77';

/** A Meshwork proxy for `nodeId` on its own loopback address, stopped when the test ends. */
async function startProxy(t: { after(fn: () => unknown): void }, xdsAddress: string, nodeId: string, address: string, interception: 'local' | 'transparent'): Promise<Proxy> {
  const proxy = new Proxy({
    node: { id: nodeId, cluster: nodeId, metadata: nodeMetadataToStruct({ interception, appPorts: new Map(), appHost: '127.0.0.1', address }) },
    xdsAddress,
    address,
    admin: { host: address, port: 0 },
    logs: new LogRegistry('warning', () => undefined),
    drainTimeoutMs: 500,
    xdsBackoff: { baseMs: 50, maxMs: 400 },
  });
  await proxy.start();
  t.after(() => proxy.destroy());
  await proxy.ready();
  return proxy;
}

describe('Meshwork proxy on Meshwork xDS', () => {
  it('routes the consumer to myapp by the router weights and follows a weight change', async (t) => {
    const green = await startUpstream('green');
    const blue = await startUpstream('blue');
    t.after(() => Promise.all([green.close(), blue.close()]));
    const eps = new FixtureEndpoints();
    eps.dns.set('green-v1.green.svc.cluster.local', [endpoint('127.0.0.1', 'green-a', 'HEALTHY', green.port)]);
    eps.dns.set('blue-v1.blue.svc.cluster.local', [endpoint('127.0.0.1', 'blue-a', 'HEALTHY', blue.port)]);
    const xds = await startXds(t, chapter.MESH, chapter.router(100, 0), eps);

    await startProxy(t, xds.address, CONSUMER, POD_IP, 'local');

    const viaProxy = (path: string) =>
      request({ host: POD_IP, port: 15001, path: `http://${chapter.MYAPP}:8085${path}`, headers: { host: `${chapter.MYAPP}:8085` } });
    const first = await viaProxy('/id');
    assert.deepEqual([first.status, first.body], [200, 'green GET /id']);
    const blueDirect = await request({ host: POD_IP, port: 15001, path: '/id', headers: { host: chapter.BLUE } });
    assert.deepEqual([blueDirect.status, blueDirect.body], [200, 'blue GET /id'], 'origin-form with a Host header reaches a backend by name');
    const unknown = await request({ host: POD_IP, port: 15001, path: '/', headers: { host: 'example.com' } });
    assert.equal(unknown.status, 404, 'DROP_ALL: a destination outside the mesh gets nothing');

    const before = xds.registry.find(CONSUMER)[0]!.state.status().find((s) => s.typeUrl.endsWith('RouteConfiguration'))!.ackedVersion;
    await writeResources(xds.store, chapter.MESH, [chapter.appRoute(0, 100)]);
    const deadline = Date.now() + 5000;
    while (xds.registry.find(CONSUMER)[0]!.state.status().find((s) => s.typeUrl.endsWith('RouteConfiguration'))!.ackedVersion === before) {
      assert.ok(Date.now() < deadline, 'the proxy did not ACK the new routes within 5 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    const replies = await Promise.all(Array.from({ length: 20 }, () => viaProxy('/id')));
    assert.deepEqual(new Set(replies.map((r) => r.body)), new Set(['blue GET /id']));
  });

  it('a virtual gateway forwards to the virtual service through its own egress', async (t) => {
    const green = await startUpstream('green');
    t.after(() => green.close());
    const eps = new FixtureEndpoints();
    eps.dns.set('green-v1.green.svc.cluster.local', [endpoint('127.0.0.1', 'green-a', 'HEALTHY', green.port)]);
    eps.dns.set('blue-v1.blue.svc.cluster.local', []);
    const xds = await startXds(t, chapter.MESH, [...chapter.gateway(), chapter.appRoute(100, 0)], eps);
    const GATEWAY_IP = '127.0.0.78';
    const id = 'mesh/webapp/virtualGateway/in-gw_internet';
    await startProxy(t, xds.address, id, GATEWAY_IP, 'transparent');
    const reply = await request({ host: GATEWAY_IP, port: 8088, path: '/id', headers: { host: 'myapp.example.com' } });
    assert.deepEqual([reply.status, reply.body], [200, 'green GET /id']);
    const notRouted = await request({ host: GATEWAY_IP, port: 8088, path: '/other', headers: { host: 'myapp.example.com' } });
    assert.equal(notRouted.status, 404, 'myapp routes only /id');
  });

  it('writes the access log the virtual node\'s logging.accessLog asks for', async (t) => {
    const green = await startUpstream('green');
    t.after(() => green.close());
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-access-log-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const logFile = join(dir, 'consumer.log');
    const eps = new FixtureEndpoints();
    eps.dns.set('green-v1.green.svc.cluster.local', [endpoint('127.0.0.1', 'green-a', 'HEALTHY', green.port)]);
    eps.dns.set('blue-v1.blue.svc.cluster.local', []);
    const logging = { accessLog: { file: { path: logFile, format: { json: [{ key: 'code', value: '%RESPONSE_CODE%' }, { key: 'path', value: '%REQ(:PATH)%' }, { key: 'upstream', value: '%UPSTREAM_CLUSTER%' }] } } } };
    const resources = chapter.router(100, 0).map((r) => (r.name === 'consumer_consumer' ? { ...r, spec: { ...(r.spec as object), logging } } : r));
    const xds = await startXds(t, chapter.MESH, resources, eps);
    await startProxy(t, xds.address, CONSUMER, '127.0.0.79', 'local');

    const reply = await request({ host: '127.0.0.79', port: 15001, path: `http://${chapter.MYAPP}:8085/id`, headers: { host: `${chapter.MYAPP}:8085` } });
    assert.deepEqual([reply.status, reply.body], [200, 'green GET /id']);
    const deadline = Date.now() + 5000;
    let lines: string[] = [];
    while (lines.length === 0) {
      assert.ok(Date.now() < deadline, `no access log line in ${logFile} within 5 s`);
      await new Promise((r) => setTimeout(r, 10));
      try {
        lines = readFileSync(logFile, 'utf8').split('\n').filter((l) => l !== '');
      } catch {
        lines = [];
      }
    }
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(String(entry['code']), '200');
    assert.equal(entry['path'], '/id');
    assert.equal(entry['upstream'], 'cds_egress_webapp_green-v1_green_http_8081');
  });
});
