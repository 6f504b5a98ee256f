import assert from 'node:assert/strict';
import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { describe, it } from 'node:test';
import * as chapter from '../../../../test/support/chapter.js';
import { TestAdsClient, waitFor, type Received } from '../../../../test/support/ads-client.js';
import { endpoint, FixtureEndpoints, writeResources } from '../../../../test/support/mesh-fixture.js';
import { startXds } from '../../../../test/support/xds-harness.js';
import {
  CLUSTER_LOAD_ASSIGNMENT_TYPE_URL as EDS,
  CLUSTER_TYPE_URL as CDS,
  createAdsClient,
  LISTENER_TYPE_URL as LDS,
  nodeMetadataToStruct,
  type AdsClientStream,
  type AdsGrpcClient,
  ROUTE_CONFIGURATION_TYPE_URL as RDS,
} from '../../../xds-api/index.js';
import { summarize } from './proxies.js';

const CONSUMER = 'mesh/webapp/virtualNode/consumer_consumer';
const GREEN = 'mesh/webapp/virtualNode/green-v1_green';
const DELTA_PATH = '/envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources';
const node = (id: string) => ({ id, cluster: id });

function servedEndpoints(): FixtureEndpoints {
  const eps = new FixtureEndpoints();
  eps.dns.set('green-v1.green.svc.cluster.local', [endpoint('10.1.0.1', 'green-a')]);
  eps.dns.set('blue-v1.blue.svc.cluster.local', [endpoint('10.2.0.1', 'blue-a')]);
  return eps;
}

describe('ADS server (state of the world)', () => {
  it('subscribes, ACKs, NACKs, keeps the last good version and ignores stale nonces', async (t) => {
    const eps = servedEndpoints();
    const xds = await startXds(t, chapter.MESH, chapter.virtualServices(), eps);
    const client = new TestAdsClient(xds.address);
    t.after(() => client.close());

    client.send({ node: node(CONSUMER), type_url: CDS });
    const cds = await client.next();
    assert.equal(cds.typeUrl, CDS);
    assert.deepEqual(cds.names.sort(), [
      'cds_egress_webapp_blue-v1_blue_http_8080',
      'cds_egress_webapp_green-v1_green_http_8081',
      'cds_ingress_webapp_consumer_consumer_http_8082',
    ]);
    client.send({ type_url: CDS, version_info: cds.version, response_nonce: cds.nonce });
    client.send({ type_url: EDS, resource_names: ['cds_egress_webapp_blue-v1_blue_http_8080', 'cds_egress_webapp_green-v1_green_http_8081'] });
    const eds = await client.next();
    assert.equal(eds.typeUrl, EDS, 'the ACK is not answered; the EDS request is');
    assert.deepEqual(eds.names.sort(), ['cds_egress_webapp_blue-v1_blue_http_8080', 'cds_egress_webapp_green-v1_green_http_8081']);
    client.send({ type_url: EDS, version_info: eds.version, response_nonce: eds.nonce, resource_names: eds.names });
    client.send({ type_url: LDS });
    const lds = await client.next();
    assert.deepEqual(lds.names.sort(), ['lds_egress_0.0.0.0_15001', 'lds_ingress_0.0.0.0_15000']);
    client.send({ type_url: LDS, version_info: lds.version, response_nonce: lds.nonce });
    client.send({ type_url: RDS, resource_names: ['rds_egress_http_8080', 'rds_egress_http_8081', 'rds_ingress_http_8082'] });
    const rds = await client.next();
    assert.equal(rds.resources.length, 3);
    client.send({ type_url: RDS, version_info: rds.version, response_nonce: rds.nonce, resource_names: rds.names });

    const conn = () => xds.registry.find(CONSUMER)[0]!;
    await waitFor(() => summarize(conn()).status === 'SYNCED', 'all four types ACKed');
    assert.equal(summarize(conn()).types.CDS?.version_acked, cds.version);

    // An endpoint change goes out as EDS only.
    eps.dns.set('blue-v1.blue.svc.cluster.local', [endpoint('10.2.0.1', 'blue-a'), endpoint('10.2.0.2', 'blue-b')]);
    eps.changed();
    const eds2 = await client.next();
    assert.equal(eds2.typeUrl, EDS);
    client.send({ type_url: EDS, version_info: eds2.version, response_nonce: eds2.nonce, resource_names: eds.names });

    // A cluster change the proxy rejects: NACK recorded, last good version kept, nothing re-sent.
    const blue = chapter.virtualServices().find((r) => r.name === 'blue-v1_blue')!;
    const outlier = { maxServerErrors: 5, interval: { unit: 's', value: 10 }, baseEjectionDuration: { unit: 's', value: 30 }, maxEjectionPercent: 50 };
    const blueSpec = blue.spec as { listeners: object[] };
    await writeResources(xds.store, chapter.MESH, [{ ...blue, spec: { ...blueSpec, listeners: [{ ...blueSpec.listeners[0], outlierDetection: outlier }] } }]);
    const cds2 = await client.next();
    assert.equal(cds2.typeUrl, CDS);
    assert.notEqual(cds2.version, cds.version);
    client.send({ type_url: CDS, version_info: cds.version, response_nonce: cds2.nonce, error_detail: { code: 3, message: 'outlier_detection: not supported here' } });
    await waitFor(() => summarize(conn()).status === 'NACKED', 'the NACK recorded');
    const nacked = summarize(conn()).types.CDS!;
    assert.equal(nacked.version_acked, cds.version, 'the last good version stays the ACKed one');
    assert.deepEqual({ version: nacked.nack?.version, error: nacked.nack?.error }, { version: cds2.version, error: 'outlier_detection: not supported here' });
    assert.ok(xds.logs.some((l) => l.includes('rejected CDS version') && l.includes('outlier_detection: not supported here')));

    // A stale nonce is not answered: the next response is the one for the later request.
    client.send({ type_url: RDS, version_info: rds.version, response_nonce: 'stale', resource_names: ['rds_egress_http_8080'] });
    client.send({ type_url: LDS, version_info: lds.version, response_nonce: lds.nonce, resource_names: ['*'] });
    client.send({ type_url: RDS, version_info: rds.version, response_nonce: rds.nonce, resource_names: ['rds_egress_http_8080'] });
    const rds2 = await client.next();
    assert.equal(rds2.typeUrl, RDS);
    assert.deepEqual(rds2.names, ['rds_egress_http_8080'], 'a changed subscription is answered with exactly the named resources');

    // The next good change is sent and ACKed; the NACK clears.
    await writeResources(xds.store, chapter.MESH, [blue]);
    const cds3 = await client.next();
    assert.equal(cds3.typeUrl, CDS);
    assert.equal(cds3.version, cds.version, 'reverting yields the earlier content and version');
    client.send({ type_url: CDS, version_info: cds3.version, response_nonce: cds3.nonce });
    await waitFor(() => summarize(conn()).types.CDS?.nack === undefined, 'the NACK cleared by an ACK');
  });

  it('pushes CDS, EDS, LDS, RDS in that order and drops resources no longer named', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.router(100, 0), servedEndpoints());
    const client = new TestAdsClient(xds.address);
    t.after(() => client.close());
    const first: Record<string, { version: string; nonce: string; names: string[] }> = {};
    client.send({ node: node(CONSUMER), type_url: CDS });
    first['cds'] = await client.next();
    client.send({ type_url: EDS, resource_names: first['cds'].names.filter((n) => n.startsWith('cds_egress')) });
    first['eds'] = await client.next();
    client.send({ type_url: LDS });
    first['lds'] = await client.next();
    client.send({ type_url: RDS, resource_names: ['rds_egress_http_8080', 'rds_egress_http_8081', 'rds_egress_http_8085'] });
    first['rds'] = await client.next();
    for (const [k, url] of [['cds', CDS], ['eds', EDS], ['lds', LDS]] as const) client.send({ type_url: url, version_info: first[k]!.version, response_nonce: first[k]!.nonce, ...(k === 'eds' ? { resource_names: first[k]!.names } : {}) });
    client.send({ type_url: RDS, version_info: first['rds'].version, response_nonce: first['rds'].nonce, resource_names: ['rds_egress_http_8080', 'rds_egress_http_8081', 'rds_egress_http_8085'] });

    // The consumer now calls green only: blue's cluster and endpoints, the 8080 and 8085 chains and
    // routes go, pushed in the order CDS, EDS, LDS, RDS.
    const consumer = chapter.router(100, 0).find((r) => r.name === 'consumer_consumer')!;
    const spec = consumer.spec as object;
    await writeResources(xds.store, chapter.MESH, [{ ...consumer, spec: { ...spec, backends: [{ virtualService: { virtualServiceName: chapter.GREEN } }] } }]);
    const pushed = [await client.next(), await client.next(), await client.next(), await client.next()];
    assert.deepEqual(pushed.map((p) => p.typeUrl), [CDS, EDS, LDS, RDS]);
    const [cds, eds, lds, rds] = pushed as [Received, Received, Received, Received];
    assert.deepEqual(cds.names.sort(), ['cds_egress_webapp_green-v1_green_http_8081', 'cds_ingress_webapp_consumer_consumer_http_8082']);
    assert.deepEqual(eds.names, ['cds_egress_webapp_green-v1_green_http_8081']);
    const chains = lds.resources.find((l) => l['name'] === 'lds_egress_0.0.0.0_15001')!['filter_chains'] as { filter_chain_match: { destination_port: { value: number } } }[];
    assert.deepEqual(chains.map((c) => c.filter_chain_match.destination_port.value), [8081]);
    assert.deepEqual(rds.names, ['rds_egress_http_8081']);
  });

  it('an unknown identity keeps the stream open and gets its configuration when the node appears', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    const client = new TestAdsClient(xds.address);
    t.after(() => client.close());
    const LATE = 'mesh/webapp/virtualNode/late_green';
    client.send({ node: node(LATE), type_url: CDS });
    await waitFor(() => xds.registry.find(LATE)[0]?.problem !== undefined, 'the problem recorded');
    const s = summarize(xds.registry.find(LATE)[0]!);
    assert.equal(s.status, 'UNKNOWN_IDENTITY');
    assert.equal(s.problem, 'VirtualNode mesh=webapp name=late_green not found');
    await writeResources(xds.store, chapter.MESH, [
      { kind: 'VirtualNode', name: 'late_green', spec: { listeners: [{ portMapping: { port: 9000, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'late.green' } } } },
    ]);
    const cds = await client.next();
    assert.deepEqual(cds.names, ['cds_ingress_webapp_late_green_http_9000']);
  });

  it('a malformed node id ends the stream with INVALID_ARGUMENT saying what was expected', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    const client = new TestAdsClient(xds.address);
    t.after(() => client.close());
    client.send({ node: node('webapp/green-v1'), type_url: CDS });
    const err = await client.failure();
    assert.equal(err.code, 3);
    assert.match(err.details, /invalid xDS node: node\.id: expected mesh\/<mesh>\/virtualNode\/<name>.*got 'webapp\/green-v1'/);
  });
});

describe('ADS server: node metadata from a Meshwork proxy', () => {
  it('local interception and app ports sent with nodeMetadataToStruct shape the listeners', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    const client = new TestAdsClient(xds.address);
    t.after(() => client.close());
    const metadata = nodeMetadataToStruct({ interception: 'local', appPorts: new Map([[8081, 40001]]), appHost: '127.0.0.1', address: '127.0.0.3' });
    client.send({ node: { id: 'mesh/webapp/virtualNode/green-v1_green', metadata }, type_url: LDS });
    const lds = await client.next();
    assert.deepEqual(lds.names.sort(), ['lds_egress_0.0.0.0_15001', 'lds_ingress_0.0.0.0_8081']);
    client.send({ type_url: CDS, response_nonce: '' });
    const cds = await client.next();
    const app = cds.resources.find((c) => c['name'] === 'cds_ingress_webapp_green-v1_green_http_8081') as { load_assignment: { endpoints: { lb_endpoints: { endpoint: { address: { socket_address: { port_value: number } } } }[] }[] } };
    assert.equal(app.load_assignment.endpoints[0]!.lb_endpoints[0]!.endpoint.address.socket_address.port_value, 40001);
    assert.equal(summarize(xds.registry.find('mesh/webapp/virtualNode/green-v1_green')[0]!).address, '127.0.0.3');
  });
});

/** A stream that has sent its first CDS request as `id` and received the response. */
async function subscribed(client: AdsGrpcClient, id: string): Promise<AdsClientStream> {
  const stream = client.StreamAggregatedResources();
  stream.on('error', () => undefined);
  stream.write({ node: node(id), type_url: CDS });
  await once(stream, 'data');
  return stream;
}

describe('ADS server: the gRPC edge as grpc-js clients see it', () => {
  it('DeltaAggregatedResources is UNIMPLEMENTED with the reason', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    const client = new grpc.Client(xds.address, grpc.credentials.createInsecure());
    t.after(() => client.close());
    const call = client.makeBidiStreamRequest(DELTA_PATH, (b: Buffer) => b, (b: Buffer) => b);
    const [err] = (await once(call, 'error')) as [grpc.ServiceError];
    assert.deepEqual({ code: err.code, details: err.details }, { code: grpc.status.UNIMPLEMENTED, details: 'Meshwork serves state-of-the-world ADS only (StreamAggregatedResources)' });
  });

  it('close() ends the stream with status OK; the proxy is listed with its peer until then', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    const client = createAdsClient(xds.address);
    t.after(() => client.close());
    const stream = await subscribed(client, GREEN);
    const conn = xds.registry.find(GREEN)[0]!;
    assert.match(summarize(conn).peer, /^ipv4:127\.0\.0\.1:\d+$/);
    const status = once(stream, 'status') as Promise<[grpc.StatusObject]>;
    await xds.server.close();
    assert.equal((await status)[0].code, grpc.status.OK);
    assert.equal(xds.registry.list().length, 0);
  });

  it('a client cancelling its stream is removed from the proxies, and its session serves a new stream', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.plainNodes());
    const client = createAdsClient(xds.address);
    t.after(() => client.close());
    const first = await subscribed(client, GREEN);
    first.cancel();
    await waitFor(() => xds.registry.list().length === 0, 'the cancelled stream removed');
    assert.ok(xds.logs.some((l) => l.includes(`proxy ${GREEN} (c1) disconnected`)));
    const second = await subscribed(client, GREEN);
    assert.deepEqual(xds.registry.list().map((c) => c.id), ['c2']);
    second.cancel();
  });
});
