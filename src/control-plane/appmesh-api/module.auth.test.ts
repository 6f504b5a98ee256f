// SigV4 through the real SDK: accepted with the right secret, refused unsigned, wrongly signed or stale.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ForbiddenException, ListMeshesCommand } from '@aws-sdk/client-app-mesh';
import { appMeshClient, startAppMeshApi, type RunningAppMeshApi } from '../../../test/support/appmesh-server.js';
import { createTestManager, type TestManager } from '../../../test/support/test-manager.js';

const KEY = { accessKeyId: 'AKIDMESHWORKAUTH', secretAccessKey: 'the-configured-secret' };
let tm: TestManager;
let signed: RunningAppMeshApi;
let open: RunningAppMeshApi;

before(async () => {
  tm = await createTestManager();
  signed = await startAppMeshApi(tm.manager, new Map([[KEY.accessKeyId, { ...KEY, source: 'default' }]]));
  open = await startAppMeshApi(tm.manager);
});
after(async () => {
  await signed.server.close();
  await open.server.close();
  await tm.close();
});

async function forbidden(p: Promise<unknown>, message: RegExp): Promise<void> {
  const err = await p.then(
    () => assert.fail('expected ForbiddenException'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ForbiddenException, String(err));
  assert.equal(err.$metadata.httpStatusCode, 403);
  assert.match(err.message, message);
}

test('the right key and secret are accepted, in any region', async () => {
  const client = appMeshClient(signed.endpoint, KEY);
  assert.ok(Array.isArray((await client.send(new ListMeshesCommand({}))).meshes));
  client.destroy();
});

test('a wrong secret is refused', async () => {
  const client = appMeshClient(signed.endpoint, { ...KEY, secretAccessKey: 'wrong' });
  await forbidden(client.send(new ListMeshesCommand({})), /signature does not match/);
  client.destroy();
});

test('an unknown key is refused', async () => {
  const client = appMeshClient(signed.endpoint, { accessKeyId: 'AKIDSTRANGER', secretAccessKey: 'x' });
  await forbidden(client.send(new ListMeshesCommand({})), /AKIDSTRANGER is not known/);
  client.destroy();
});

test('a request signed 20 minutes ago is refused as stale', async () => {
  const client = appMeshClient(signed.endpoint, { ...KEY, systemClockOffset: -20 * 60_000 });
  await forbidden(client.send(new ListMeshesCommand({})), /more than 15 minutes behind the server clock/);
  client.destroy();
});

test('an unsigned request is refused with ForbiddenException on the wire', async () => {
  const res = await fetch(`${signed.endpoint}/v20190125/meshes`);
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('x-amzn-errortype'), 'ForbiddenException');
  assert.match(((await res.json()) as { message: string }).message, /must be signed with AWS Signature Version 4/);
});

test('with no credentials configured any signature, or none, is accepted', async () => {
  const client = appMeshClient(open.endpoint, { accessKeyId: 'ANYTHING', secretAccessKey: 'whatever' });
  assert.ok(Array.isArray((await client.send(new ListMeshesCommand({}))).meshes));
  client.destroy();
  assert.equal((await fetch(`${open.endpoint}/v20190125/meshes`)).status, 200);
});
