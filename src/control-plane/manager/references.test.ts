import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InUseError, NotFoundError } from '../../core/errors.js';
import type { ResourceId } from '../../api/kinds.js';
import { openTempStore } from '../../../test/support/temp-store.js';
import { create, ids, MESH, nodeSpec, routeSpec, webappMutations } from '../../../test/support/webapp-mesh.js';
import { StoreResourceManager } from './store-manager.js';

async function webapp(t: test.TestContext): Promise<{ manager: StoreResourceManager; revision: () => number }> {
  const { store } = openTempStore(t);
  const manager = new StoreResourceManager({ store });
  await manager.apply(webappMutations());
  return { manager, revision: () => store.revision() };
}

function names(refs: readonly { kind: string; name: string }[]): string[] {
  return refs.map((r) => `${r.kind} ${r.name}`);
}

async function rejectsInUse(manager: StoreResourceManager, id: ResourceId, message: string, dependents: string[]): Promise<void> {
  await assert.rejects(manager.apply([{ op: 'delete', id }]), (err: unknown) => {
    assert.ok(err instanceof InUseError, String(err));
    assert.equal(err.message, message);
    assert.deepEqual(names(err.dependents), dependents);
    return true;
  });
  assert.equal(manager.describe(id).status.status, 'ACTIVE');
}

async function rejectsMissing(manager: StoreResourceManager, id: ResourceId, spec: unknown, message: string): Promise<void> {
  await assert.rejects(manager.apply([create(id, spec)]), (err: unknown) => {
    assert.ok(err instanceof NotFoundError, String(err));
    assert.equal(err.message, message);
    return true;
  });
  assert.throws(() => manager.describe(id), NotFoundError);
}

test('the chapter mesh applies in one batch, every resource created', async (t) => {
  const { store } = openTempStore(t);
  const manager = new StoreResourceManager({ store });
  const results = await manager.apply(webappMutations());
  assert.deepEqual(results.map((r) => r.outcome), Array(11).fill('created'));
  assert.ok(results.every((r) => r.warnings === undefined));
  assert.deepEqual(manager.list('Route', MESH, 'app-router_consumer').items.map((r) => r.metadata.arn), [
    'arn:aws:appmesh:eu-central-1:000000000000:mesh/webapp/virtualRouter/app-router_consumer/route/app-route',
  ]);
});

test('a backend naming a missing virtual service is allowed, with a warning', async (t) => {
  const { manager } = await webapp(t);
  const id = { kind: 'VirtualNode', meshName: MESH, name: 'caller' } as const;
  const [result] = await manager.apply([create(id, nodeSpec(9000, 'caller.local', ['later.local']))]);
  assert.equal(result?.outcome, 'created');
  assert.deepEqual(result?.warnings, ['spec.backends[0].virtualService.virtualServiceName refers to VirtualService mesh=webapp name=later.local, which does not exist']);
});

test('references must exist: provider, router, route targets, gateway, gateway route target, mesh', async (t) => {
  const { manager } = await webapp(t);
  await rejectsMissing(manager, { kind: 'VirtualService', meshName: MESH, name: 'red.local' }, { provider: { virtualNode: { virtualNodeName: 'red-v1_red' } } },
    'VirtualService mesh=webapp name=red.local: spec.provider.virtualNode.virtualNodeName refers to VirtualNode mesh=webapp name=red-v1_red, which does not exist');
  await rejectsMissing(manager, { kind: 'VirtualService', meshName: MESH, name: 'red.local' }, { provider: { virtualRouter: { virtualRouterName: 'nope' } } },
    'VirtualService mesh=webapp name=red.local: spec.provider.virtualRouter.virtualRouterName refers to VirtualRouter mesh=webapp name=nope, which does not exist');
  await rejectsMissing(manager, { ...ids.route, parentName: 'nope' }, routeSpec(1, 1),
    'Route mesh=webapp parent=nope name=app-route: virtualRouterName refers to VirtualRouter mesh=webapp name=nope, which does not exist');
  await rejectsMissing(manager, { ...ids.route, name: 'r2' }, { tcpRoute: { action: { weightedTargets: [{ virtualNode: 'green-v1_green', weight: 1 }, { virtualNode: 'red-v1_red', weight: 1 }] } } },
    'Route mesh=webapp parent=app-router_consumer name=r2: spec.tcpRoute.action.weightedTargets[1].virtualNode refers to VirtualNode mesh=webapp name=red-v1_red, which does not exist');
  const grSpec = { http2Route: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: 'red.local' } } } } };
  await rejectsMissing(manager, { ...ids.gatewayRoute, name: 'gr2' }, grSpec,
    'GatewayRoute mesh=webapp parent=in-gw_internet name=gr2: spec.http2Route.action.target.virtualService.virtualServiceName refers to VirtualService mesh=webapp name=red.local, which does not exist');
  await rejectsMissing(manager, { ...ids.gatewayRoute, parentName: 'nope' }, { grpcRoute: { match: { serviceName: 's' }, action: { target: { virtualService: { virtualServiceName: 'myapp.consumer.svc.cluster.local' } } } } },
    'GatewayRoute mesh=webapp parent=nope name=myapp-route_internet: virtualGatewayName refers to VirtualGateway mesh=webapp name=nope, which does not exist');
  await rejectsMissing(manager, { kind: 'VirtualNode', meshName: 'other', name: 'n' }, {},
    'VirtualNode mesh=other name=n: meshName refers to Mesh name=other, which does not exist');
});

test('an update that points a reference at a missing resource is refused and changes nothing', async (t) => {
  const { manager } = await webapp(t);
  await assert.rejects(manager.apply([{ op: 'update', id: ids.myapp, spec: { provider: { virtualNode: { virtualNodeName: 'gone' } } } }]), NotFoundError);
  assert.equal(manager.describe(ids.myapp).metadata.version, 1);
});

test('deletes are refused while required references remain, naming the dependents', async (t) => {
  const { manager } = await webapp(t);
  await rejectsInUse(manager, ids.blue, 'VirtualNode mesh=webapp name=blue-v1_blue is in use by VirtualService mesh=webapp name=blue.blue.svc.cluster.local, Route mesh=webapp parent=app-router_consumer name=app-route',
    ['VirtualService blue.blue.svc.cluster.local', 'Route app-route']);
  await rejectsInUse(manager, ids.router, 'VirtualRouter mesh=webapp name=app-router_consumer is in use by VirtualService mesh=webapp name=myapp.consumer.svc.cluster.local, Route mesh=webapp parent=app-router_consumer name=app-route',
    ['VirtualService myapp.consumer.svc.cluster.local', 'Route app-route']);
  await rejectsInUse(manager, ids.myapp, 'VirtualService mesh=webapp name=myapp.consumer.svc.cluster.local is in use by GatewayRoute mesh=webapp parent=in-gw_internet name=myapp-route_internet',
    ['GatewayRoute myapp-route_internet']);
  await rejectsInUse(manager, ids.gateway, 'VirtualGateway mesh=webapp name=in-gw_internet is in use by GatewayRoute mesh=webapp parent=in-gw_internet name=myapp-route_internet',
    ['GatewayRoute myapp-route_internet']);
  await assert.rejects(manager.apply([{ op: 'delete', id: ids.mesh }]), (err: unknown) => {
    assert.ok(err instanceof InUseError);
    assert.equal(err.dependents.length, 10);
    return true;
  });
  assert.deepEqual(manager.dependents(ids.green).map((id) => id.name), ['green.green.svc.cluster.local', 'app-route']);
});

test('a virtual service used only as a backend can be deleted (App Mesh allows dangling backends)', async (t) => {
  const { manager } = await webapp(t);
  const [result] = await manager.apply([{ op: 'delete', id: ids.blueService }]);
  assert.equal(result?.outcome, 'deleted');
  assert.equal(manager.describe(ids.consumer).spec !== undefined, true);
});

test('in-use is judged after the whole batch, whatever the order of its deletes', async (t) => {
  const { manager } = await webapp(t);
  const results = await manager.apply([
    { op: 'delete', id: ids.green },
    { op: 'delete', id: ids.greenService },
    { op: 'update', id: ids.route, spec: { httpRoute: { match: { prefix: '/id' }, action: { weightedTargets: [{ virtualNode: 'blue-v1_blue', weight: 100 }] } } } },
  ]);
  assert.deepEqual(results.map((r) => r.outcome), ['deleted', 'deleted', 'configured']);
  assert.throws(() => manager.describe(ids.green), NotFoundError);
});

test('the whole mesh can be deleted in one batch, children with it', async (t) => {
  const { manager } = await webapp(t);
  const order: ResourceId[] = [ids.mesh, ids.gatewayRoute, ids.gateway, ids.myapp, ids.route, ids.router, ids.consumer, ids.blueService, ids.greenService, ids.blue, ids.green];
  const results = await manager.apply(order.map((id) => ({ op: 'delete', id }) as const));
  assert.ok(results.every((r) => r.outcome === 'deleted'));
  assert.deepEqual(manager.listAll('VirtualNode'), []);
});
