// Pagination across 250 virtual nodes with the SDK's own paginator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ListVirtualNodesCommand, paginateListVirtualNodes, type AppMeshClient } from '@aws-sdk/client-app-mesh';
import { startAppMeshFixture, type AppMeshFixture } from '../../../test/support/appmesh-server.js';
import type { Mutation } from '../manager/manager.js';

let fx: AppMeshFixture;
let client: AppMeshClient;
const names = Array.from({ length: 250 }, (_, i) => `vn-${String(i).padStart(3, '0')}`);

before(async () => {
  fx = await startAppMeshFixture();
  client = fx.client;
  const mutations: Mutation[] = [
    { op: 'create', id: { kind: 'Mesh', meshName: 'big', name: 'big' }, spec: {} },
    ...names.map(
      (name, i): Mutation => ({
        op: 'create',
        id: { kind: 'VirtualNode', meshName: 'big', name },
        spec: { listeners: [{ portMapping: { port: 8000 + (i % 100), protocol: 'http' } }], serviceDiscovery: { dns: { hostname: `${name}.local` } } },
      }),
    ),
  ];
  await fx.tm.manager.apply(mutations);
});
after(() => fx.close());

test('the paginator walks 250 virtual nodes in pages of at most 100, each once, in name order', async () => {
  const pages: number[] = [];
  const seen: string[] = [];
  for await (const page of paginateListVirtualNodes({ client, pageSize: 100 }, { meshName: 'big' })) {
    pages.push(page.virtualNodes!.length);
    seen.push(...page.virtualNodes!.map((n) => n.virtualNodeName!));
  }
  assert.deepEqual(pages, [100, 100, 50]);
  assert.deepEqual(seen, names);
});

test('without a limit a page holds 100; a small limit gives small pages; the last page has no nextToken', async () => {
  const first = await client.send(new ListVirtualNodesCommand({ meshName: 'big' }));
  assert.equal(first.virtualNodes!.length, 100);
  assert.equal(typeof first.nextToken, 'string');
  let token: string | undefined;
  let count = 0;
  let calls = 0;
  do {
    const page = await client.send(new ListVirtualNodesCommand({ meshName: 'big', limit: 7, ...(token ? { nextToken: token } : {}) }));
    assert.ok(page.virtualNodes!.length <= 7);
    count += page.virtualNodes!.length;
    token = page.nextToken;
    calls++;
  } while (token !== undefined);
  assert.deepEqual([count, calls], [250, 36]);
});
