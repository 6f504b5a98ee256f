// Every App Mesh error class, as the SDK raises it and as it looks on the wire.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BadRequestException,
  ConflictException,
  CreateMeshCommand,
  CreateVirtualNodeCommand,
  CreateVirtualServiceCommand,
  DeleteMeshCommand,
  DeleteVirtualNodeCommand,
  DescribeVirtualNodeCommand,
  LimitExceededException,
  ListRoutesCommand,
  ListVirtualNodesCommand,
  NotFoundException,
  ResourceInUseException,
  TagResourceCommand,
  TooManyTagsException,
  type AppMeshClient,
} from '@aws-sdk/client-app-mesh';
import { startAppMeshFixture, type AppMeshFixture } from '../../../test/support/appmesh-server.js';

let fx: AppMeshFixture;
let client: AppMeshClient;

const vnSpec = { listeners: [{ portMapping: { port: 8080, protocol: 'http' as const } }], serviceDiscovery: { dns: { hostname: 'blue.local' } } };

before(async () => {
  fx = await startAppMeshFixture();
  client = fx.client;
  await client.send(new CreateMeshCommand({ meshName: 'errors' }));
  await client.send(new CreateVirtualNodeCommand({ meshName: 'errors', virtualNodeName: 'blue', spec: vnSpec }));
  await client.send(new CreateVirtualServiceCommand({ meshName: 'errors', virtualServiceName: 'blue.svc', spec: { provider: { virtualNode: { virtualNodeName: 'blue' } } } }));
});
after(() => fx.close());

async function rejection(p: Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number } }> {
  return p.then(
    () => assert.fail('expected the call to fail'),
    (err: unknown) => err as Error & { $metadata: { httpStatusCode?: number } },
  );
}

test('NotFoundException 404: missing resource, missing mesh, missing router', async () => {
  const cases = [
    { call: client.send(new DescribeVirtualNodeCommand({ meshName: 'errors', virtualNodeName: 'nope' })), message: /VirtualNode mesh=errors name=nope not found/ },
    { call: client.send(new ListVirtualNodesCommand({ meshName: 'no-such-mesh' })), message: /Mesh .*no-such-mesh.* not found/ },
    { call: client.send(new ListRoutesCommand({ meshName: 'errors', virtualRouterName: 'no-router' })), message: /VirtualRouter .*no-router.* not found/ },
  ];
  for (const c of cases) {
    const err = await rejection(c.call);
    assert.ok(err instanceof NotFoundException, String(err));
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.match(err.message, c.message);
  }
});

test('ConflictException 409: creating an existing name', async () => {
  const err = await rejection(client.send(new CreateVirtualNodeCommand({ meshName: 'errors', virtualNodeName: 'blue', spec: vnSpec })));
  assert.ok(err instanceof ConflictException, String(err));
  assert.equal(err.$metadata.httpStatusCode, 409);
});

test('ResourceInUseException 409: deleting what others use names the dependents', async () => {
  const err = await rejection(client.send(new DeleteVirtualNodeCommand({ meshName: 'errors', virtualNodeName: 'blue' })));
  assert.ok(err instanceof ResourceInUseException, String(err));
  assert.equal(err.$metadata.httpStatusCode, 409);
  assert.match(err.message, /blue\.svc/);
  const meshErr = await rejection(client.send(new DeleteMeshCommand({ meshName: 'errors' })));
  assert.ok(meshErr instanceof ResourceInUseException, String(meshErr));
});

test('TooManyTagsException 400: more than 50 tags on a resource', async () => {
  const arn = (await client.send(new DescribeVirtualNodeCommand({ meshName: 'errors', virtualNodeName: 'blue' }))).virtualNode!.metadata!.arn!;
  const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
  const err = await rejection(client.send(new TagResourceCommand({ resourceArn: arn, tags })));
  assert.ok(err instanceof TooManyTagsException, String(err));
  assert.equal(err.$metadata.httpStatusCode, 400);
});

test('BadRequestException 400: limit out of range', async () => {
  const err = await rejection(client.send(new ListVirtualNodesCommand({ meshName: 'errors', limit: 0 })));
  assert.ok(err instanceof BadRequestException, String(err));
  assert.match(err.message, /limit: must be a whole number from 1 to 100/);
});

interface WireError {
  readonly status: number;
  readonly type: string | null;
  readonly message: string;
  readonly allow: string | null;
}

async function wire(method: string, path: string, body?: string | Buffer): Promise<WireError> {
  const res = await fetch(`${fx.api.endpoint}${path}`, { method, ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}) });
  const json = (await res.json()) as { message: string };
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), message: json.message, allow: res.headers.get('allow') };
}

const wireCases = [
  { name: 'malformed JSON', method: 'PUT', path: '/v20190125/meshes', body: '{"meshName": "x",', status: 400, type: 'BadRequestException', message: /^request body is not valid JSON: / },
  { name: 'a body that is not an object', method: 'PUT', path: '/v20190125/meshes', body: '["x"]', status: 400, type: 'BadRequestException', message: /must be a JSON object, got an array/ },
  { name: 'a member of the wrong type', method: 'PUT', path: '/v20190125/meshes', body: '{"meshName": 5}', status: 400, type: 'BadRequestException', message: /meshName: must be a string, got a number/ },
  { name: 'an unknown member', method: 'PUT', path: '/v20190125/meshes/errors/virtualNodes', body: '{"virtualNodeName":"x","spec":{},"colour":"red"}', status: 400, type: 'BadRequestException', message: /colour: unknown field "colour"/ },
  { name: 'a missing required member', method: 'PUT', path: '/v20190125/meshes/errors/virtualNodes', body: '{"virtualNodeName":"x"}', status: 400, type: 'BadRequestException', message: /spec: required/ },
  { name: 'an unknown path', method: 'GET', path: '/v20190125/meshes/errors/virtualThings', status: 404, type: 'UnknownOperationException', message: /^no App Mesh 2019-01-25 operation at GET \/v20190125\/meshes\/errors\/virtualThings$/ },
  { name: 'a wrong method', method: 'POST', path: '/v20190125/meshes', body: '{}', status: 405, type: 'MethodNotAllowedException', message: /POST is not an App Mesh operation on \/v20190125\/meshes; allowed: GET, PUT/ },
];
for (const c of wireCases) {
  test(`wire: ${c.name} → ${c.status} ${c.type}`, async () => {
    const res = await wire(c.method, c.path, c.body);
    assert.equal(res.status, c.status);
    assert.equal(res.type, c.type);
    assert.match(res.message, c.message);
  });
}

test('wire: a wrong method lists the allowed ones in Allow', async () => {
  assert.equal((await wire('DELETE', '/v20190125/meshes')).allow, 'GET, PUT');
});

test('wire: a body over the 1 MiB cap is a 400 and creates nothing', async () => {
  const big = JSON.stringify({ meshName: 'huge', spec: { padding: 'x'.repeat(1024 * 1024) } });
  const res = await wire('PUT', '/v20190125/meshes', big);
  assert.deepEqual([res.status, res.type], [400, 'BadRequestException']);
  assert.match(res.message, /exceeds the 1048576-byte limit/);
  assert.equal((await wire('GET', '/v20190125/meshes/huge')).status, 404);
});

test('ServiceUnavailableException 503 when the store is closed underneath', async () => {
  const closing = await startAppMeshFixture();
  try {
    await closing.tm.close();
    const direct = await fetch(`${closing.api.endpoint}/v20190125/meshes`);
    assert.equal(direct.status, 503);
    assert.equal(direct.headers.get('x-amzn-errortype'), 'ServiceUnavailableException');
    assert.match(((await direct.json()) as { message: string }).message, /is closed/);
  } finally {
    await closing.close();
  }
});

test('InternalServerErrorException 500 for a corrupted stored resource: details logged, not sent', async () => {
  await fx.tm.store.transact((tx) => tx.put('VirtualNode', 'mesh/errors/virtualNode/corrupt', 'not a resource'));
  const res = await fetch(`${fx.api.endpoint}/v20190125/meshes/errors/virtualNodes/corrupt`);
  assert.equal(res.status, 500);
  assert.equal(res.headers.get('x-amzn-errortype'), 'InternalServerErrorException');
  assert.deepEqual(await res.json(), { message: 'internal error; the control plane log has the details' });
  assert.ok(fx.api.logLines.some((l) => l.includes('unexpected error in the App Mesh API')));
  await fx.tm.store.transact((tx) => tx.delete('VirtualNode', 'mesh/errors/virtualNode/corrupt'));
});

test('LimitExceededException 400 when a per-mesh quota is reached', async () => {
  const small = await startAppMeshFixture({ managerOptions: { quotas: { VirtualNode: 1 } } });
  const smallClient = small.client;
  try {
    await smallClient.send(new CreateMeshCommand({ meshName: 'tiny' }));
    await smallClient.send(new CreateVirtualNodeCommand({ meshName: 'tiny', virtualNodeName: 'one', spec: vnSpec }));
    const err = await rejection(smallClient.send(new CreateVirtualNodeCommand({ meshName: 'tiny', virtualNodeName: 'two', spec: vnSpec })));
    assert.ok(err instanceof LimitExceededException, String(err));
    assert.equal(err.$metadata.httpStatusCode, 400);
  } finally {
    await small.close();
  }
});

test("meshOwner: the mesh's own account is accepted, another account is not found", async () => {
  const owner = (await client.send(new DescribeVirtualNodeCommand({ meshName: 'errors', virtualNodeName: 'blue' }))).virtualNode!.metadata!.meshOwner!;
  const mine = await client.send(new DescribeVirtualNodeCommand({ meshName: 'errors', virtualNodeName: 'blue', meshOwner: owner }));
  assert.equal(mine.virtualNode!.virtualNodeName, 'blue');
  const other = owner === '111122223333' ? '444455556666' : '111122223333';
  const err = await rejection(client.send(new DescribeVirtualNodeCommand({ meshName: 'errors', virtualNodeName: 'blue', meshOwner: other })));
  assert.ok(err instanceof NotFoundException, String(err));
  assert.match(err.message, new RegExp(`not found for meshOwner ${other}`));
});
