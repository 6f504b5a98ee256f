import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlreadyExistsError, ConflictError, LimitError, NotFoundError, ValidationError } from '../../core/errors.js';
import { openTempStore } from '../../../test/support/temp-store.js';
import { create, ids, MESH, nodeSpec } from '../../../test/support/webapp-mesh.js';
import type { Clock } from '../../core/clock.js';
import type { Mutation } from './manager.js';
import { CLIENT_TOKEN_KIND, CLIENT_TOKEN_TTL_MS } from './client-tokens.js';
import { StoreResourceManager, type StoreResourceManagerOptions } from './store-manager.js';

/** A clock that starts at 2026-09-30T00:00:00Z and moves only when told. */
function steppingClock(): Clock & { advance(ms: number): void } {
  let now = Date.UTC(2026, 8, 30);
  return { now: () => now, setTimeout: () => ({ cancel() {} }), advance: (ms) => void (now += ms) };
}

function setup(t: test.TestContext, options: Partial<StoreResourceManagerOptions> = {}) {
  const { store } = openTempStore(t);
  const clock = steppingClock();
  const manager = new StoreResourceManager({ store, clock, ...options });
  return { store, clock, manager };
}

async function withMesh(manager: StoreResourceManager): Promise<void> {
  await manager.apply([create(ids.mesh, {})]);
}

const GREEN = nodeSpec(8081, 'green-v1.green.svc.cluster.local');

test('create, describe, update and delete a virtual node with App Mesh metadata', async (t) => {
  const { manager, clock } = setup(t);
  await withMesh(manager);
  const [created] = await manager.apply([{ op: 'create', id: ids.green, spec: GREEN }]);
  assert.equal(created?.outcome, 'created');
  const r = manager.describe(ids.green);
  assert.deepEqual(r.id, ids.green);
  assert.deepEqual(r.spec, GREEN);
  assert.deepEqual(r.status, { status: 'ACTIVE' });
  assert.equal(r.metadata.arn, 'arn:aws:appmesh:eu-central-1:000000000000:mesh/webapp/virtualNode/green-v1_green');
  assert.match(r.metadata.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(r.metadata.version, 1);
  assert.equal(r.metadata.createdAt, Date.UTC(2026, 8, 30) / 1000);
  assert.equal(r.metadata.lastUpdatedAt, r.metadata.createdAt);
  assert.equal(r.metadata.meshOwner, '000000000000');
  assert.equal(r.metadata.resourceOwner, '000000000000');

  clock.advance(1500);
  const changed = nodeSpec(9091, 'green-v1.green.svc.cluster.local');
  const [updated] = await manager.apply([{ op: 'update', id: ids.green, spec: changed }]);
  assert.equal(updated?.outcome, 'configured');
  const after = manager.describe(ids.green);
  assert.equal(after.metadata.version, 2);
  assert.equal(after.metadata.uid, r.metadata.uid);
  assert.equal(after.metadata.createdAt, r.metadata.createdAt);
  assert.equal(after.metadata.lastUpdatedAt, r.metadata.createdAt + 1.5);
  assert.deepEqual(after.spec, changed);

  const [deleted] = await manager.apply([{ op: 'delete', id: ids.green }]);
  assert.equal(deleted?.outcome, 'deleted');
  assert.deepEqual(deleted?.resource?.status, { status: 'DELETED' });
  assert.equal(deleted?.resource?.metadata.version, 2);
  assert.throws(() => manager.describe(ids.green), NotFoundError);
});

test('an update that changes nothing keeps the version and reports unchanged', async (t) => {
  const { manager, store } = setup(t);
  await withMesh(manager);
  await manager.apply([create(ids.green, GREEN)]);
  const revision = store.revision();
  const reordered = JSON.parse(JSON.stringify({ serviceDiscovery: (GREEN as { serviceDiscovery: unknown }).serviceDiscovery, listeners: (GREEN as { listeners: unknown }).listeners }));
  const [result] = await manager.apply([{ op: 'update', id: ids.green, spec: reordered }]);
  assert.equal(result?.outcome, 'unchanged');
  assert.equal(manager.describe(ids.green).metadata.version, 1);
  assert.equal(store.revision(), revision, 'an unchanged update writes nothing');
  const [upserted] = await manager.apply([{ op: 'upsert', id: ids.green, spec: GREEN }]);
  assert.equal(upserted?.outcome, 'unchanged');
});

test('upsert creates when missing and configures when present', async (t) => {
  const { manager } = setup(t);
  const [a] = await manager.apply([{ op: 'upsert', id: ids.mesh, spec: {} }]);
  assert.equal(a?.outcome, 'created');
  const [b] = await manager.apply([{ op: 'upsert', id: ids.mesh, spec: { egressFilter: { type: 'ALLOW_ALL' } } }]);
  assert.equal(b?.outcome, 'configured');
  assert.equal(manager.describe(ids.mesh).metadata.version, 2);
});

test('optimistic concurrency: expectedVersion must match on update and delete', async (t) => {
  const { manager } = setup(t);
  await withMesh(manager);
  await manager.apply([create(ids.green, GREEN)]);
  await assert.rejects(manager.apply([{ op: 'update', id: ids.green, spec: nodeSpec(1, 'x'), expectedVersion: 2 }]), (err: unknown) => {
    assert.ok(err instanceof ConflictError);
    assert.equal(err.message, 'VirtualNode mesh=webapp name=green-v1_green is at version 1, not 2');
    return true;
  });
  await assert.rejects(manager.apply([{ op: 'delete', id: ids.green, expectedVersion: 3 }]), ConflictError);
  const [ok] = await manager.apply([{ op: 'update', id: ids.green, spec: nodeSpec(1, 'x'), expectedVersion: 1 }]);
  assert.equal(ok?.resource?.metadata.version, 2);
});

test('creating a resource that exists is AlreadyExistsError; changing a missing one is NotFoundError', async (t) => {
  const { manager } = setup(t);
  await withMesh(manager);
  await assert.rejects(manager.apply([create(ids.mesh, {})]), (err: unknown) => err instanceof AlreadyExistsError && err.message === 'Mesh name=webapp already exists');
  await assert.rejects(manager.apply([{ op: 'update', id: ids.blue, spec: GREEN }]), (err: unknown) => err instanceof NotFoundError && err.message === 'VirtualNode mesh=webapp name=blue-v1_blue not found');
  await assert.rejects(manager.apply([{ op: 'delete', id: ids.blue }]), NotFoundError);
});

test('clientToken: the same request returns the same result without a new version', async (t) => {
  const { manager, clock } = setup(t);
  await withMesh(manager);
  const request = { op: 'create', id: ids.green, spec: GREEN, clientToken: 'tok-1' } as const;
  const [first] = await manager.apply([request]);
  clock.advance(1000);
  const [again] = await manager.apply([request]);
  assert.deepEqual(again, first);
  assert.equal(manager.describe(ids.green).metadata.version, 1);

  const update = { op: 'update', id: ids.green, spec: nodeSpec(9000, 'g'), clientToken: 'tok-2' } as const;
  const [u1] = await manager.apply([update]);
  const [u2] = await manager.apply([update]);
  assert.deepEqual(u2, u1);
  assert.equal(manager.describe(ids.green).metadata.version, 2);
});

test('clientToken: the same token with a different request is a ConflictError and changes nothing', async (t) => {
  const { manager } = setup(t);
  await withMesh(manager);
  await manager.apply([{ op: 'create', id: ids.green, spec: GREEN, clientToken: 'tok-1' }]);
  await assert.rejects(manager.apply([{ op: 'create', id: ids.blue, spec: GREEN, clientToken: 'tok-1' }]), (err: unknown) => {
    assert.ok(err instanceof ConflictError);
    assert.equal(err.message, 'clientToken "tok-1" was already used for a different request');
    return true;
  });
  await assert.rejects(manager.apply([{ op: 'update', id: ids.green, spec: nodeSpec(1, 'x'), clientToken: 'tok-1' }]), ConflictError);
  assert.throws(() => manager.describe(ids.blue), NotFoundError);
  assert.equal(manager.describe(ids.green).metadata.version, 1);
});

test('clientToken: a token is remembered for 24 hours, then forgotten and removed', async (t) => {
  const { manager, clock, store } = setup(t);
  await withMesh(manager);
  await manager.apply([{ op: 'create', id: ids.green, spec: GREEN, clientToken: 'tok-1' }]);
  assert.equal(store.list(CLIENT_TOKEN_KIND).length, 1);
  clock.advance(CLIENT_TOKEN_TTL_MS + 1);
  const [result] = await manager.apply([{ op: 'create', id: ids.blue, spec: GREEN, clientToken: 'tok-2' }]);
  assert.equal(result?.outcome, 'created');
  assert.deepEqual(store.list(CLIENT_TOKEN_KIND).map((o) => o.key), ['tok-2']);
  const [reused] = await manager.apply([{ op: 'create', id: ids.consumer, spec: GREEN, clientToken: 'tok-1' }]);
  assert.equal(reused?.outcome, 'created');
});

test('every violation is reported with its field path, and nothing is stored', async (t) => {
  const { manager, store } = setup(t);
  await withMesh(manager);
  const revision = store.revision();
  const bad = { listeners: [{ portMapping: { port: 0, protocol: 'htp' } }], serviceDiscovery: { dns: { hostname: 'x' } } };
  await assert.rejects(manager.apply([create(ids.green, bad)]), (err: unknown) => {
    assert.ok(err instanceof ValidationError);
    assert.equal(
      err.message,
      'invalid VirtualNode green-v1_green: spec.listeners[0].portMapping.port: must be between 1 and 65535; spec.listeners[0].portMapping.protocol: must be one of grpc, http, http2, tcp',
    );
    return true;
  });
  await assert.rejects(
    manager.apply([create(ids.blue, GREEN), create({ ...ids.green, name: '' }, GREEN), create(ids.router, {})]),
    (err: unknown) => {
      assert.ok(err instanceof ValidationError);
      assert.deepEqual(err.violations, [
        { field: 'mutations[1].virtualNodeName', message: 'must be 1 to 255 characters long' },
        { field: 'mutations[2].spec.listeners', message: 'required' },
      ]);
      return true;
    },
  );
  await assert.rejects(manager.apply([create({ kind: 'VirtualThing' as 'Mesh', meshName: MESH, name: 'x' }, {})]), (err: unknown) => {
    assert.ok(err instanceof ValidationError);
    assert.equal(err.message, 'invalid VirtualThing x: kind: must be one of Mesh, VirtualNode, VirtualService, VirtualRouter, Route, VirtualGateway, GatewayRoute');
    return true;
  });
  assert.equal(store.revision(), revision);
});

test('malformed mutations are validation errors, not crashes', async (t) => {
  const { manager } = setup(t);
  const malformed = [{ op: 'delete' }, { op: 'rename', id: ids.mesh }] as unknown as Mutation[];
  await assert.rejects(manager.apply(malformed), (err: unknown) => {
    assert.ok(err instanceof ValidationError);
    assert.deepEqual(err.violations, [
      { field: 'mutations[0].id', message: 'required' },
      { field: 'mutations[1].op', message: 'unknown operation "rename"' },
    ]);
    return true;
  });
});

test('a batch whose last mutation fails changes nothing', async (t) => {
  const { manager, store } = setup(t);
  await withMesh(manager);
  const revision = store.revision();
  await assert.rejects(manager.apply([create(ids.green, GREEN), create(ids.blue, nodeSpec(8080, 'b')), create(ids.mesh, {})]), AlreadyExistsError);
  assert.equal(store.revision(), revision);
  assert.throws(() => manager.describe(ids.green), NotFoundError);
  assert.deepEqual(manager.list('VirtualNode', MESH).items, []);
});

test('list is sorted by name and paginates 250 virtual nodes with opaque tokens', async (t) => {
  const { manager } = setup(t);
  await withMesh(manager);
  const names = Array.from({ length: 250 }, (_, i) => `node-${String(i).padStart(3, '0')}`);
  await manager.apply([...names].reverse().map((name) => create({ kind: 'VirtualNode', meshName: MESH, name }, {})));
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = manager.list('VirtualNode', MESH, undefined, token === undefined ? {} : { nextToken: token });
    pages++;
    assert.ok(page.items.length <= 100);
    seen.push(...page.items.map((r) => r.id.name));
    token = page.nextToken;
  } while (token !== undefined);
  assert.equal(pages, 3);
  assert.deepEqual(seen, names);
  const small = manager.list('VirtualNode', MESH, undefined, { limit: 7 });
  assert.deepEqual(small.items.map((r) => r.id.name), names.slice(0, 7));
  assert.equal(manager.listAll('VirtualNode').length, 250);
});

test('list rejects bad limits and tokens, and a missing mesh', async (t) => {
  const { manager } = setup(t);
  await withMesh(manager);
  for (const limit of [0, 101, 1.5]) {
    assert.throws(() => manager.list('VirtualNode', MESH, undefined, { limit }), (err: unknown) => err instanceof ValidationError && err.message === 'limit: must be between 1 and 100');
  }
  assert.throws(
    () => manager.list('VirtualNode', MESH, undefined, { nextToken: 'garbage' }),
    (err: unknown) => err instanceof ValidationError && err.message === 'nextToken: is not a token from a previous page of this listing',
  );
  assert.throws(() => manager.list('VirtualNode', 'nope'), (err: unknown) => err instanceof NotFoundError && err.message === 'Mesh name=nope not found');
  assert.throws(() => manager.list('Route', MESH, 'app-router_consumer'), NotFoundError);
});

test('tags: stored on create, changed with setTags (+1 version), at most 50', async (t) => {
  const { manager } = setup(t);
  await manager.apply([{ op: 'create', id: ids.mesh, spec: {}, tags: [{ key: 'team', value: 'web' }] }]);
  assert.deepEqual(manager.describe(ids.mesh).tags, [{ key: 'team', value: 'web' }]);
  const tagged = await manager.setTags(ids.mesh, [{ key: 'env', value: 'prod' }, { key: 'team', value: 'core' }], []);
  assert.deepEqual(tagged.tags, [{ key: 'env', value: 'prod' }, { key: 'team', value: 'core' }]);
  assert.equal(tagged.metadata.version, 2);
  const same = await manager.setTags(ids.mesh, [{ key: 'env', value: 'prod' }], []);
  assert.equal(same.metadata.version, 2);
  const untagged = await manager.setTags(ids.mesh, [], ['team', 'absent']);
  assert.deepEqual(untagged.tags, [{ key: 'env', value: 'prod' }]);
  assert.equal(untagged.metadata.version, 3);

  const fifty = Array.from({ length: 49 }, (_, i) => ({ key: `k${i}`, value: '' }));
  assert.equal((await manager.setTags(ids.mesh, fifty, [])).tags.length, 50);
  await assert.rejects(manager.setTags(ids.mesh, [{ key: 'one-more', value: 'x' }], []), (err: unknown) => {
    assert.ok(err instanceof LimitError);
    assert.equal(err.message, 'Mesh name=webapp would have 51 tags; at most 50 are allowed');
    return true;
  });
  await assert.rejects(manager.setTags(ids.mesh, [{ key: '', value: 'x' }, { key: 'ok', value: 'v'.repeat(257) }], []), (err: unknown) => {
    assert.ok(err instanceof ValidationError);
    assert.deepEqual(err.violations.map((v) => v.field), ['tags[0].key', 'tags[1].value']);
    return true;
  });
  const many = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
  await assert.rejects(manager.apply([{ op: 'create', id: { ...ids.mesh, name: 'm2', meshName: 'm2' }, spec: {}, tags: many }]), LimitError);
  await assert.rejects(manager.setTags(ids.green, [], []), NotFoundError);
});

test('per-mesh quotas are configurable and refuse creates past the limit', async (t) => {
  const { manager } = setup(t, { quotas: { VirtualNode: 2 } });
  await withMesh(manager);
  await manager.apply([create(ids.green, {}), create(ids.blue, {})]);
  await assert.rejects(manager.apply([create(ids.consumer, {})]), (err: unknown) => {
    assert.ok(err instanceof LimitError);
    assert.equal(err.message, 'VirtualNode quota reached: mesh webapp already has 2 (limit 2)');
    return true;
  });
  await manager.apply([{ op: 'delete', id: ids.blue }, create(ids.consumer, {})]);
  assert.deepEqual(manager.list('VirtualNode', MESH).items.map((r) => r.id.name), ['consumer_consumer', 'green-v1_green']);
});

test('ARNs and owners follow the configured partition, region and account', async (t) => {
  const { manager } = setup(t, { arn: { partition: 'aws', region: 'us-west-2', account: '112233445566' } });
  await withMesh(manager);
  const mesh = manager.describe(ids.mesh);
  assert.equal(mesh.metadata.arn, 'arn:aws:appmesh:us-west-2:112233445566:mesh/webapp');
  assert.equal(mesh.metadata.meshOwner, '112233445566');
});

test('Kubernetes objects ride in the same transaction with created/configured/unchanged/deleted outcomes', async (t) => {
  const { manager, store } = setup(t);
  const ns = { op: 'put-object', kind: 'k8s.Namespace', key: 'green', value: { labels: { mesh: 'webapp' } } } as const;
  assert.deepEqual(await manager.apply([ns, create(ids.mesh, {})]), [{ outcome: 'created' }, { outcome: 'created', resource: manager.describe(ids.mesh) }]);
  assert.deepEqual(await manager.apply([ns]), [{ outcome: 'unchanged' }]);
  assert.deepEqual(await manager.apply([{ ...ns, value: { labels: {} } }]), [{ outcome: 'configured' }]);
  assert.deepEqual(await manager.apply([{ op: 'delete-object', kind: 'k8s.Namespace', key: 'green' }]), [{ outcome: 'deleted' }]);
  assert.equal(store.get('k8s.Namespace', 'green'), undefined);
  await assert.rejects(manager.apply([{ op: 'put-object', kind: 'VirtualNode', key: 'mesh/webapp/virtualNode/x', value: {} }]), ValidationError);
});

test('the Kubernetes origin is kept by API updates and a change of it is a new version', async (t) => {
  const { manager } = setup(t);
  await withMesh(manager);
  const k8s = { name: 'green-v1', namespace: 'green', extra: { podSelector: { matchLabels: { app: 'green-v1' } } } };
  await manager.apply([{ op: 'upsert', id: ids.green, spec: GREEN, k8s }]);
  const [same] = await manager.apply([{ op: 'upsert', id: ids.green, spec: GREEN, k8s }]);
  assert.equal(same?.outcome, 'unchanged');
  const [relabelled] = await manager.apply([{ op: 'upsert', id: ids.green, spec: GREEN, k8s: { ...k8s, labels: { tier: 'web' } } }]);
  assert.equal(relabelled?.outcome, 'configured');
  assert.equal(relabelled?.resource?.metadata.version, 2);
  const [viaApi] = await manager.apply([{ op: 'update', id: ids.green, spec: nodeSpec(9000, 'g') }]);
  assert.deepEqual(viaApi?.resource?.k8s, { ...k8s, labels: { tier: 'web' } });
  assert.equal(viaApi?.resource?.metadata.version, 3);
});
