/**
 * Resilience through `meshwork proxy` children configured by a real `meshwork up`: one of three Cloud
 * Map instances killed under load with a route retryPolicy and the node's outlierDetection; active HTTP
 * and gRPC health checks from a virtual node listener's healthCheck.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { freePort, get, request, startUpstream, type Reply, type Upstream } from '../support/proxy-harness.js';
import { backends, cloudMap, fileScope, httpNode, startRealMesh, type RealMesh } from '../support/real-mesh.js';
import { startMeshProxy, until, type MeshProxy } from '../support/mesh-proxy.js';

const TRIO = 'cds_egress_webapp_trio_http_8080';
const CHECKED = 'cds_ingress_webapp_checked_http_8081';
const GRPC_CHECKED = 'cds_ingress_webapp_grpc-checked_grpc_8082';
const TCP_CHECKED = 'cds_ingress_webapp_tcp-checked_tcp_8083';
const scope = fileScope();
const sec = (value: number) => ({ value, unit: 's' as const });
let mesh: RealMesh;
let consumer: MeshProxy;
let checked: MeshProxy;
let grpcChecked: MeshProxy;
let tcpChecked: MeshProxy;
/** The port of tcp-checked's app: nothing listens there until the TCP health check test opens it. */
let tcpAppPort: number;
const ups: Upstream[] = [];
let sick: Upstream;
let sickHealthy = false;
let grpcServing = false;
let grpcServer: grpc.Server;

before(async () => {
  for (const n of ['a', 'b', 'c']) ups.push(await startUpstream(n));
  sick = await startUpstream('sick', (req, res) => {
    req.resume();
    res.writeHead(req.url === '/health' && !sickHealthy ? 500 : 200).end('sick');
  });
  const id = (b: Buffer) => b;
  grpcServer = new grpc.Server();
  grpcServer.addService(
    { Check: { path: '/grpc.health.v1.Health/Check', requestStream: false, responseStream: false, requestSerialize: id, requestDeserialize: id, responseSerialize: id, responseDeserialize: id } },
    { Check: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, Buffer.from([0x08, grpcServing ? 1 : 2])) },
  );
  const grpcPort = await new Promise<number>((resolve, reject) => grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));

  mesh = await startRealMesh(scope);
  await mesh.node('trio', httpNode(8080, 'trio', {
    listeners: [{ portMapping: { port: 8080, protocol: 'http' }, outlierDetection: { maxServerErrors: 3, interval: sec(1), baseEjectionDuration: sec(30), maxEjectionPercent: 50 } }],
  }));
  await mesh.router('trio-router', [{ portMapping: { port: 8080, protocol: 'http' } }]);
  await mesh.route('trio-router', 'trio-route', {
    httpRoute: {
      match: { prefix: '/' },
      action: { weightedTargets: [{ virtualNode: 'trio', weight: 1 }] },
      retryPolicy: { maxRetries: 3, perRetryTimeout: sec(2), httpRetryEvents: ['server-error', 'gateway-error'], tcpRetryEvents: ['connection-error'] },
    },
  });
  await mesh.service('trio.webapp.local', { virtualRouter: { virtualRouterName: 'trio-router' } });
  await mesh.instances('trio', ups.map((u) => u.port));
  await mesh.node('consumer', { backends: backends('trio.webapp.local') });
  const hc = { healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 5000, timeoutMillis: 2000 };
  await mesh.node('checked', {
    listeners: [{ portMapping: { port: 8081, protocol: 'http' }, healthCheck: { ...hc, protocol: 'http', path: '/health' } }],
    serviceDiscovery: cloudMap('checked'),
  });
  await mesh.node('grpc-checked', {
    listeners: [{ portMapping: { port: 8082, protocol: 'grpc' }, healthCheck: { ...hc, protocol: 'grpc' } }],
    serviceDiscovery: cloudMap('grpc-checked'),
  });
  await mesh.node('tcp-checked', {
    listeners: [{ portMapping: { port: 8083, protocol: 'tcp' }, healthCheck: { ...hc, protocol: 'tcp' } }],
    serviceDiscovery: cloudMap('tcp-checked'),
  });
  tcpAppPort = await freePort();
  [consumer, checked, grpcChecked, tcpChecked] = await Promise.all([
    startMeshProxy(scope, mesh.xds, mesh.nodeId('consumer')),
    startMeshProxy(scope, mesh.xds, mesh.nodeId('checked'), { appPorts: { 8081: sick.port } }),
    startMeshProxy(scope, mesh.xds, mesh.nodeId('grpc-checked'), { appPorts: { 8082: grpcPort } }),
    startMeshProxy(scope, mesh.xds, mesh.nodeId('tcp-checked'), { appPorts: { 8083: tcpAppPort } }),
  ]);
  await consumer.waitForHealthyHosts(TRIO, 3);
});

after(async () => {
  grpcServer?.forceShutdown();
  await Promise.all([...ups, sick].map((u) => u?.close()));
});

// App Mesh's minimum health check interval is 5 s, so the checks and the load test run side by side.
describe('under load and under health checks', { concurrency: 4 }, () => {
  test('one of three upstream instances killed during 10,000 requests: at least 99.9% succeed and it is ejected', async (t) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
    let sent = 0;
    let ok = 0;
    const errors = new Map<string, number>();
    const worker = async () => {
      while (sent < 10_000) {
        sent++;
        if (sent === 2_000) await ups[1]!.close();
        const r = await request({ host: consumer.address, port: 15001, path: '/', headers: { host: 'trio.webapp.local:8080' }, agent }).catch(
          (e: Error): Reply => ({ status: 0, headers: {}, body: e.message }),
        );
        if (r.status === 200) ok++;
        else {
          const key = `${r.status} ${String(r.headers['x-meshwork-response-flags'] ?? r.body)}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    agent.destroy();
    const rate = `${((ok / 10_000) * 100).toFixed(2)}% (${ok} of 10000) succeeded`;
    t.diagnostic(rate);
    assert.ok(ok >= 9_990, `${rate}; failures: ${JSON.stringify([...errors])}`);
    const clusters = await consumer.clusters();
    assert.match(clusters, new RegExp(`^${TRIO}::127\\.0\\.0\\.1:${ups[1]!.port}::health_flags::/failed_outlier_check$`, 'm'), `${rate}; the dead host is not ejected:\n${clusters}`);
    assert.equal(await consumer.stat(`cluster.${TRIO}.outlier_detection.ejections_active`), 1);
    assert.ok(((await consumer.stat(`cluster.${TRIO}.upstream_rq_retry`)) ?? 0) > 0, 'requests to the dead host were retried');
  });

  test('an active HTTP health check marks the failing app unhealthy (503 UH) and brings it back', async () => {
    const flags = async () => (await get(`${checked.admin}/clusters?filter=${encodeURIComponent(`^${CHECKED}$`)}`)).body;
    await until('the app to fail its health checks', async () => /::health_flags::\/failed_active_hc$/m.test(await flags()), 15_000);
    const r = await get(checked.url(8081, '/'));
    assert.equal(r.status, 503);
    assert.equal(r.headers['x-meshwork-response-flags'], 'UH');
    assert.ok(((await checked.stat(`cluster.${CHECKED}.health_check.failure`)) ?? 0) >= 2);
    sickHealthy = true;
    await until('the app to pass its health checks again', async () => /::health_flags::healthy$/m.test(await flags()), 15_000);
    assert.equal((await get(checked.url(8081, '/'))).status, 200);
    assert.equal(await checked.stat(`cluster.${CHECKED}.health_check.healthy`), 1);
  });

  test('a gRPC health check (grpc.health.v1) follows NOT_SERVING and SERVING', async () => {
    const flags = async () => (await get(`${grpcChecked.admin}/clusters?filter=${encodeURIComponent(`^${GRPC_CHECKED}$`)}`)).body;
    await until('NOT_SERVING to fail the host', async () => /::health_flags::\/failed_active_hc$/m.test(await flags()), 15_000);
    grpcServing = true;
    await until('SERVING to bring it back', async () => /::health_flags::healthy$/m.test(await flags()), 15_000);
  });

  test('a TCP health check fails while nothing listens on the app port and passes once it does', async () => {
    const flags = async () => (await get(`${tcpChecked.admin}/clusters?filter=${encodeURIComponent(`^${TCP_CHECKED}$`)}`)).body;
    await until('connection refusals to fail the host', async () => /::health_flags::\/failed_active_hc$/m.test(await flags()), 15_000);
    const app = net.createServer((s) => s.end());
    await new Promise<void>((r) => app.listen(tcpAppPort, '127.0.0.1', r));
    scope.after(() => new Promise((r) => app.close(r)));
    await until('accepted connections to bring it back', async () => /::health_flags::healthy$/m.test(await flags()), 15_000);
  });
});
