/**
 * Meshwork's proxy driven by Meshwork's xDS server: the chapter's consumer (local mode) reaches
 * myapp through the router, and follows a weight change applied to the store.
 */
import assert from 'node:assert/strict';
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

describe('Meshwork proxy on Meshwork xDS', () => {
  it('routes the consumer to myapp by the router weights and follows a weight change', async (t) => {
    const green = await startUpstream('green');
    const blue = await startUpstream('blue');
    t.after(() => Promise.all([green.close(), blue.close()]));
    const eps = new FixtureEndpoints();
    eps.dns.set('green-v1.green.svc.cluster.local', [endpoint('127.0.0.1', 'green-a', 'HEALTHY', green.port)]);
    eps.dns.set('blue-v1.blue.svc.cluster.local', [endpoint('127.0.0.1', 'blue-a', 'HEALTHY', blue.port)]);
    const xds = await startXds(t, chapter.MESH, chapter.router(100, 0), eps);

    const proxy = new Proxy({
      node: { id: CONSUMER, cluster: CONSUMER, metadata: nodeMetadataToStruct({ interception: 'local', appPorts: new Map([[8082, 1]]), appHost: '127.0.0.1', address: POD_IP }) },
      xdsAddress: xds.address,
      address: POD_IP,
      admin: { host: POD_IP, port: 0 },
      logs: new LogRegistry('warning', () => undefined),
      drainTimeoutMs: 500,
      xdsBackoff: { baseMs: 50, maxMs: 400 },
    });
    await proxy.start();
    t.after(() => proxy.destroy());
    await proxy.ready();

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
});
