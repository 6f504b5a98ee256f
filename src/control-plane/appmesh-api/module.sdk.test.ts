// Every App Mesh operation through @aws-sdk/client-app-mesh against a real server, store and manager.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BadRequestException,
  ConflictException,
  CreateGatewayRouteCommand,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualGatewayCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  CreateVirtualServiceCommand,
  DeleteGatewayRouteCommand,
  DeleteMeshCommand,
  DeleteRouteCommand,
  DeleteVirtualGatewayCommand,
  DeleteVirtualNodeCommand,
  DeleteVirtualRouterCommand,
  DeleteVirtualServiceCommand,
  DescribeGatewayRouteCommand,
  DescribeMeshCommand,
  DescribeRouteCommand,
  DescribeVirtualGatewayCommand,
  DescribeVirtualNodeCommand,
  DescribeVirtualRouterCommand,
  DescribeVirtualServiceCommand,
  ListGatewayRoutesCommand,
  ListMeshesCommand,
  ListRoutesCommand,
  ListTagsForResourceCommand,
  ListVirtualGatewaysCommand,
  ListVirtualNodesCommand,
  ListVirtualRoutersCommand,
  ListVirtualServicesCommand,
  NotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateGatewayRouteCommand,
  UpdateMeshCommand,
  UpdateRouteCommand,
  UpdateVirtualGatewayCommand,
  UpdateVirtualNodeCommand,
  UpdateVirtualRouterCommand,
  UpdateVirtualServiceCommand,
  paginateListTagsForResource,
  type AppMeshClient,
} from '@aws-sdk/client-app-mesh';
import { startAppMeshFixture, type AppMeshFixture } from '../../../test/support/appmesh-server.js';

let fx: AppMeshFixture;
let client: AppMeshClient;

before(async () => {
  fx = await startAppMeshFixture();
  client = fx.client;
});
after(() => fx.close());

const ARN_PREFIX = /^arn:aws:appmesh:[a-z0-9-]+:\d{12}:/;
const mesh = 'sdk-mesh';
const vnSpec = (port: number, host: string) => ({
  listeners: [{ portMapping: { port, protocol: 'http' as const } }],
  serviceDiscovery: { dns: { hostname: host } },
});

test('all 38 operations, kind by kind, with the API shapes', async () => {
  // Mesh
  const created = (await client.send(new CreateMeshCommand({ meshName: mesh, spec: { egressFilter: { type: 'ALLOW_ALL' } }, tags: [{ key: 'team', value: 'platform' }] }))).mesh!;
  assert.equal(created.meshName, mesh);
  assert.match(created.metadata!.arn!, new RegExp(`${ARN_PREFIX.source}mesh/${mesh}$`));
  assert.equal(created.metadata!.version, 1);
  assert.ok(created.metadata!.createdAt instanceof Date);
  assert.equal(created.status!.status, 'ACTIVE');
  assert.equal((await client.send(new DescribeMeshCommand({ meshName: mesh }))).mesh!.metadata!.uid, created.metadata!.uid);
  const updatedMesh = (await client.send(new UpdateMeshCommand({ meshName: mesh, spec: { egressFilter: { type: 'DROP_ALL' } } }))).mesh!;
  assert.equal(updatedMesh.metadata!.version, 2);
  assert.equal(updatedMesh.spec!.egressFilter!.type, 'DROP_ALL');
  const meshes = (await client.send(new ListMeshesCommand({}))).meshes!;
  assert.deepEqual(meshes.find((m) => m.meshName === mesh)?.arn, created.metadata!.arn);

  // VirtualNode
  const blue = (await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'blue-v1_blue', spec: vnSpec(8080, 'blue-v1.blue.svc.cluster.local') }))).virtualNode!;
  assert.deepEqual([blue.meshName, blue.virtualNodeName, blue.status!.status], [mesh, 'blue-v1_blue', 'ACTIVE']);
  assert.match(blue.metadata!.arn!, new RegExp(`${ARN_PREFIX.source}mesh/${mesh}/virtualNode/blue-v1_blue$`));
  await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'green-v1_green', spec: vnSpec(8081, 'green-v1.green.svc.cluster.local') }));
  const vnDescribed = (await client.send(new DescribeVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'blue-v1_blue' }))).virtualNode!;
  assert.equal(vnDescribed.spec!.listeners![0]!.portMapping!.port, 8080);
  const vnUpdated = (await client.send(new UpdateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'blue-v1_blue', spec: vnSpec(9090, 'blue-v1.blue.svc.cluster.local') }))).virtualNode!;
  assert.deepEqual([vnUpdated.metadata!.version, vnUpdated.spec!.listeners![0]!.portMapping!.port], [2, 9090]);
  const nodes = (await client.send(new ListVirtualNodesCommand({ meshName: mesh }))).virtualNodes!;
  assert.deepEqual(nodes.map((n) => n.virtualNodeName), ['blue-v1_blue', 'green-v1_green']);
  assert.deepEqual(Object.keys(nodes[0]!).sort(), ['arn', 'createdAt', 'lastUpdatedAt', 'meshName', 'meshOwner', 'resourceOwner', 'version', 'virtualNodeName']);

  // VirtualRouter and Route
  const vr = (await client.send(new CreateVirtualRouterCommand({ meshName: mesh, virtualRouterName: 'app-router', spec: { listeners: [{ portMapping: { port: 8085, protocol: 'http' } }] } }))).virtualRouter!;
  assert.equal(vr.virtualRouterName, 'app-router');
  await client.send(new DescribeVirtualRouterCommand({ meshName: mesh, virtualRouterName: 'app-router' }));
  assert.equal((await client.send(new UpdateVirtualRouterCommand({ meshName: mesh, virtualRouterName: 'app-router', spec: { listeners: [{ portMapping: { port: 8086, protocol: 'http' } }] } }))).virtualRouter!.metadata!.version, 2);
  assert.deepEqual((await client.send(new ListVirtualRoutersCommand({ meshName: mesh }))).virtualRouters!.map((r) => r.virtualRouterName), ['app-router']);
  const weights = (blueW: number, greenW: number) => ({
    httpRoute: { match: { prefix: '/id' }, action: { weightedTargets: [{ virtualNode: 'blue-v1_blue', weight: blueW }, { virtualNode: 'green-v1_green', weight: greenW }] } },
  });
  const route = (await client.send(new CreateRouteCommand({ meshName: mesh, virtualRouterName: 'app-router', routeName: 'app-route', spec: weights(0, 100) }))).route!;
  assert.deepEqual([route.virtualRouterName, route.routeName], ['app-router', 'app-route']);
  assert.match(route.metadata!.arn!, /mesh\/sdk-mesh\/virtualRouter\/app-router\/route\/app-route$/);
  await client.send(new DescribeRouteCommand({ meshName: mesh, virtualRouterName: 'app-router', routeName: 'app-route' }));
  const rerouted = (await client.send(new UpdateRouteCommand({ meshName: mesh, virtualRouterName: 'app-router', routeName: 'app-route', spec: weights(50, 50) }))).route!;
  assert.deepEqual(rerouted.spec!.httpRoute!.action!.weightedTargets!.map((t) => t.weight), [50, 50]);
  assert.deepEqual((await client.send(new ListRoutesCommand({ meshName: mesh, virtualRouterName: 'app-router' }))).routes!.map((r) => r.routeName), ['app-route']);

  // VirtualService
  const vsName = 'myapp.sdk.svc.cluster.local';
  const vs = (await client.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: vsName, spec: { provider: { virtualRouter: { virtualRouterName: 'app-router' } } } }))).virtualService!;
  assert.equal(vs.virtualServiceName, vsName);
  await client.send(new DescribeVirtualServiceCommand({ meshName: mesh, virtualServiceName: vsName }));
  await client.send(new UpdateVirtualServiceCommand({ meshName: mesh, virtualServiceName: vsName, spec: { provider: { virtualNode: { virtualNodeName: 'green-v1_green' } } } }));
  assert.deepEqual((await client.send(new ListVirtualServicesCommand({ meshName: mesh }))).virtualServices!.map((s) => s.virtualServiceName), [vsName]);

  // VirtualGateway and GatewayRoute
  const vgSpec = (port: number) => ({ listeners: [{ portMapping: { port, protocol: 'http' as const } }] });
  const vg = (await client.send(new CreateVirtualGatewayCommand({ meshName: mesh, virtualGatewayName: 'in-gw', spec: vgSpec(8088) }))).virtualGateway!;
  assert.equal(vg.virtualGatewayName, 'in-gw');
  await client.send(new DescribeVirtualGatewayCommand({ meshName: mesh, virtualGatewayName: 'in-gw' }));
  await client.send(new UpdateVirtualGatewayCommand({ meshName: mesh, virtualGatewayName: 'in-gw', spec: vgSpec(8089) }));
  assert.deepEqual((await client.send(new ListVirtualGatewaysCommand({ meshName: mesh }))).virtualGateways!.map((g) => g.virtualGatewayName), ['in-gw']);
  const grSpec = (prefix: string) => ({ httpRoute: { match: { prefix }, action: { target: { virtualService: { virtualServiceName: vsName } } } } });
  const gr = (await client.send(new CreateGatewayRouteCommand({ meshName: mesh, virtualGatewayName: 'in-gw', gatewayRouteName: 'to-myapp', spec: grSpec('/') }))).gatewayRoute!;
  assert.deepEqual([gr.virtualGatewayName, gr.gatewayRouteName], ['in-gw', 'to-myapp']);
  await client.send(new DescribeGatewayRouteCommand({ meshName: mesh, virtualGatewayName: 'in-gw', gatewayRouteName: 'to-myapp' }));
  await client.send(new UpdateGatewayRouteCommand({ meshName: mesh, virtualGatewayName: 'in-gw', gatewayRouteName: 'to-myapp', spec: grSpec('/app') }));
  assert.deepEqual((await client.send(new ListGatewayRoutesCommand({ meshName: mesh, virtualGatewayName: 'in-gw' }))).gatewayRoutes!.map((g) => g.gatewayRouteName), ['to-myapp']);

  // Tags
  const arn = blue.metadata!.arn!;
  await client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'env', value: 'test' }, { key: 'owner', value: 'blue-team' }] }));
  assert.deepEqual((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [{ key: 'env', value: 'test' }, { key: 'owner', value: 'blue-team' }]);
  await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['env'] }));
  assert.deepEqual((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [{ key: 'owner', value: 'blue-team' }]);
  assert.deepEqual((await client.send(new ListTagsForResourceCommand({ resourceArn: created.metadata!.arn! }))).tags, [{ key: 'team', value: 'platform' }]);

  // Deletes return the resource with status DELETED, children first.
  const deleted = [
    (await client.send(new DeleteGatewayRouteCommand({ meshName: mesh, virtualGatewayName: 'in-gw', gatewayRouteName: 'to-myapp' }))).gatewayRoute!.status,
    (await client.send(new DeleteVirtualGatewayCommand({ meshName: mesh, virtualGatewayName: 'in-gw' }))).virtualGateway!.status,
    (await client.send(new DeleteVirtualServiceCommand({ meshName: mesh, virtualServiceName: vsName }))).virtualService!.status,
    (await client.send(new DeleteRouteCommand({ meshName: mesh, virtualRouterName: 'app-router', routeName: 'app-route' }))).route!.status,
    (await client.send(new DeleteVirtualRouterCommand({ meshName: mesh, virtualRouterName: 'app-router' }))).virtualRouter!.status,
    (await client.send(new DeleteVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'blue-v1_blue' }))).virtualNode!.status,
    (await client.send(new DeleteVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'green-v1_green' }))).virtualNode!.status,
    (await client.send(new DeleteMeshCommand({ meshName: mesh }))).mesh!.status,
  ];
  assert.deepEqual(deleted.map((s) => s!.status), Array(8).fill('DELETED'));
  await assert.rejects(client.send(new DescribeMeshCommand({ meshName: mesh })), NotFoundException);
});

test('the wire body is the resource itself, with epoch-second timestamps and a request id', async () => {
  await client.send(new CreateMeshCommand({ meshName: 'wire-mesh' }));
  const res = await fetch(`${fx.api.endpoint}/v20190125/meshes/wire-mesh`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  const body = (await res.json()) as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(body), ['meshName', 'spec', 'metadata', 'status']);
  assert.deepEqual(Object.keys(body['metadata']!).sort(), ['arn', 'createdAt', 'lastUpdatedAt', 'meshOwner', 'resourceOwner', 'uid', 'version']);
  const createdAt = body['metadata']!['createdAt'] as number;
  assert.equal(typeof createdAt, 'number');
  assert.ok(Math.abs(createdAt - Date.now() / 1000) < 60, `createdAt ${createdAt} is epoch seconds`);
});

test('clientToken: the same request is answered once, a different one is a conflict', async () => {
  await client.send(new CreateMeshCommand({ meshName: 'token-mesh' }));
  const input = { meshName: 'token-mesh', virtualNodeName: 'vn', spec: vnSpec(8080, 'vn.local'), clientToken: 'create-vn-1' };
  const first = (await client.send(new CreateVirtualNodeCommand(input))).virtualNode!;
  const again = (await client.send(new CreateVirtualNodeCommand(input))).virtualNode!;
  assert.deepEqual([again.metadata!.uid, again.metadata!.version], [first.metadata!.uid, 1]);
  await assert.rejects(client.send(new CreateVirtualNodeCommand({ ...input, spec: vnSpec(9999, 'vn.local') })), ConflictException);

  const update = { meshName: 'token-mesh', virtualNodeName: 'vn', spec: vnSpec(8081, 'vn.local'), clientToken: 'update-vn-1' };
  assert.equal((await client.send(new UpdateVirtualNodeCommand(update))).virtualNode!.metadata!.version, 2);
  assert.equal((await client.send(new UpdateVirtualNodeCommand(update))).virtualNode!.metadata!.version, 2);
  await assert.rejects(client.send(new UpdateVirtualNodeCommand({ ...update, spec: vnSpec(8082, 'vn.local') })), ConflictException);
  assert.equal((await client.send(new DescribeVirtualNodeCommand({ meshName: 'token-mesh', virtualNodeName: 'vn' }))).virtualNode!.spec!.listeners![0]!.portMapping!.port, 8081);
});

test('a bad spec is a BadRequestException naming the field, and changes nothing', async () => {
  await client.send(new CreateMeshCommand({ meshName: 'bad-mesh' }));
  const err = await client.send(new CreateVirtualNodeCommand({ meshName: 'bad-mesh', virtualNodeName: 'vn', spec: vnSpec(70000, 'vn.local') })).then(
    () => assert.fail('expected BadRequestException'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof BadRequestException);
  assert.match(err.message, /spec\.listeners\[0\]\.portMapping\.port/);
  assert.equal(err.$metadata.httpStatusCode, 400);
  assert.deepEqual((await client.send(new ListVirtualNodesCommand({ meshName: 'bad-mesh' }))).virtualNodes, []);
});

test('tags page with the SDK paginator; a made-up nextToken is a BadRequestException', async () => {
  const arn = (await client.send(new CreateMeshCommand({ meshName: 'tag-mesh', tags: ['a', 'b', 'c', 'd', 'e'].map((key) => ({ key, value: key.toUpperCase() })) }))).mesh!.metadata!.arn!;
  const pages: string[][] = [];
  for await (const page of paginateListTagsForResource({ client, pageSize: 2 }, { resourceArn: arn })) pages.push(page.tags!.map((t) => t.key!));
  assert.deepEqual(pages, [['a', 'b'], ['c', 'd'], ['e']]);
  await assert.rejects(client.send(new ListTagsForResourceCommand({ resourceArn: arn, nextToken: 'bogus' })), BadRequestException);
  await assert.rejects(client.send(new ListTagsForResourceCommand({ resourceArn: arn.replace(':mesh/', ':mesh/other-') })), NotFoundException);
  const otherRegion = arn.replace(/^arn:aws:appmesh:[^:]+:/, 'arn:aws:appmesh:xx-test-9:');
  assert.notEqual(otherRegion, arn);
  await assert.rejects(client.send(new ListTagsForResourceCommand({ resourceArn: otherRegion })), NotFoundException);
});
