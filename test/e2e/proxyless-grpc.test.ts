/**
 * Proxyless gRPC: a real @grpc/grpc-js-xds client, bootstrapped against Meshwork's ADS server with a
 * virtual node's identity, calls `xds:///who.mesh.local:50051` and is balanced by the VirtualRouter's
 * weights over Cloud Map endpoints (two real gRPC servers on loopback).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import * as grpcXds from '@grpc/grpc-js-xds';
import { waitFor } from '../support/ads-client.js';
import { endpoint, FixtureEndpoints, writeResources, type FixtureResource } from '../support/mesh-fixture.js';
import { startXds, type XdsHarness } from '../support/xds-harness.js';
import { summarize } from '../../src/control-plane/xds/server/proxies.js';

const MESH = 'grpc-demo';
const SERVICE = 'who.mesh.local';
const CLIENT_NODE = `mesh/${MESH}/virtualNode/client`;

const json = {
  serialize: (v: unknown) => Buffer.from(JSON.stringify(v)),
  deserialize: (b: Buffer) => JSON.parse(b.toString()) as { server: string },
};
const WHO: grpc.ServiceDefinition = {
  Who: {
    path: '/demo.Who/Who',
    requestStream: false,
    responseStream: false,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
  },
};

async function startWhoServer(name: string): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server();
  server.addService(WHO, { Who: (_call: unknown, cb: grpc.sendUnaryData<{ server: string }>) => cb(null, { server: name }) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { server, port };
}

function route(weightA: number, weightB: number): FixtureResource {
  return {
    kind: 'Route',
    name: 'who-route',
    parentName: 'who-router',
    spec: {
      grpcRoute: {
        match: { serviceName: 'demo.Who' },
        action: {
          weightedTargets: [
            { virtualNode: 'server-a', weight: weightA },
            { virtualNode: 'server-b', weight: weightB },
          ],
        },
      },
    },
  };
}

function serverNode(name: string, serviceName: string): FixtureResource {
  return {
    kind: 'VirtualNode',
    name,
    spec: { listeners: [{ portMapping: { port: 50051, protocol: 'grpc' } }], serviceDiscovery: { awsCloudMap: { namespaceName: 'demo', serviceName } } },
  };
}

describe('proxyless gRPC through Meshwork xDS', () => {
  let xds: XdsHarness;
  let client: grpc.Client;
  const servers: grpc.Server[] = [];
  const cleanups: Array<() => unknown> = [];

  before(async () => {
    const a = await startWhoServer('a');
    const b = await startWhoServer('b');
    servers.push(a.server, b.server);
    const endpoints = new FixtureEndpoints();
    endpoints.cloudMap.set('demo/who-a', [endpoint('127.0.0.1', 'a-1', 'HEALTHY', a.port)]);
    endpoints.cloudMap.set('demo/who-b', [endpoint('127.0.0.1', 'b-1', 'HEALTHY', b.port)]);
    xds = await startXds({ after: (fn) => cleanups.push(fn) }, MESH, [
      { kind: 'Mesh', name: MESH, spec: {} },
      serverNode('server-a', 'who-a'),
      serverNode('server-b', 'who-b'),
      { kind: 'VirtualRouter', name: 'who-router', spec: { listeners: [{ portMapping: { port: 50051, protocol: 'grpc' } }] } },
      route(80, 20),
      { kind: 'VirtualService', name: SERVICE, spec: { provider: { virtualRouter: { virtualRouterName: 'who-router' } } } },
      { kind: 'VirtualNode', name: 'client', spec: { backends: [{ virtualService: { virtualServiceName: SERVICE } }] } },
    ], endpoints);

    process.env['GRPC_XDS_BOOTSTRAP_CONFIG'] = JSON.stringify({
      xds_servers: [{ server_uri: xds.address, channel_creds: [{ type: 'insecure' }], server_features: [] }],
      node: { id: CLIENT_NODE, cluster: CLIENT_NODE, locality: {}, metadata: {} },
    });
    grpcXds.register();
    const Client = grpc.makeGenericClientConstructor(WHO, 'Who');
    client = new Client(`xds:///${SERVICE}:50051`, grpc.credentials.createInsecure());
  });

  after(async () => {
    client?.close();
    for (const s of servers) s.forceShutdown();
    for (const fn of cleanups.reverse()) await fn();
  });

  const call = () =>
    new Promise<string>((resolve, reject) =>
      (client as unknown as { Who(req: object, opts: grpc.CallOptions, cb: (e: Error | null, r?: { server: string }) => void): void }).Who(
        {},
        { deadline: Date.now() + 5000 },
        (err, res) => (err ? reject(err) : resolve(res!.server)),
      ),
    );

  async function split(n: number): Promise<Record<string, number>> {
    const counts: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < n; i += 250) {
      const batch = await Promise.all(Array.from({ length: Math.min(250, n - i) }, call));
      for (const s of batch) counts[s] = (counts[s] ?? 0) + 1;
    }
    return counts;
  }

  it('splits 1,000 calls 80/20 within binomial tolerance', async () => {
    const counts = await split(1000);
    // n = 1000, p = 0.8: standard deviation 12.6; accept within five of it.
    assert.ok(Math.abs(counts['a']! - 800) <= 63, `server a got ${counts['a']} of 1000 calls, expected 800 ± 63`);
    assert.equal(counts['a']! + counts['b']!, 1000);
  });

  it('after the route changes to 0/100, new calls all reach the second server', async () => {
    const before = summarize(xds.registry.find(CLIENT_NODE)[0]!).types.RDS!.version_acked;
    await writeResources(xds.store, MESH, [route(0, 100)]);
    await waitFor(() => {
      const rds = summarize(xds.registry.find(CLIENT_NODE)[0]!).types.RDS;
      return rds?.version_acked !== undefined && rds.version_acked !== before && rds.version_acked === rds.version_sent;
    }, 'the client to ACK the new routes');
    const counts = await split(200);
    assert.deepEqual(counts, { a: 0, b: 200 });
  });

  it('the control plane lists the gRPC client as a connected proxy', () => {
    const s = summarize(xds.registry.find(CLIENT_NODE)[0]!);
    assert.equal(s.status, 'SYNCED');
    assert.deepEqual(s.types.LDS?.subscribed, [`${SERVICE}:50051`]);
  });
});

