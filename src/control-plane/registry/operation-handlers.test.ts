import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetOperationCommand, ListOperationsCommand, UpdateServiceCommand } from '@aws-sdk/client-servicediscovery';
import { startDiscoveryServer } from '../../../test/support/cloudmap-server.js';
import { expectAwsError } from '../../../test/support/aws-errors.js';
import { privateNamespace, register, service } from '../../../test/support/cloudmap-fixtures.js';

test('operations: SUBMITTED then SUCCESS, listed and filtered', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const statuses: string[] = [];
  const unwatch = server.store.watch(server.store.revision(), (events) => {
    for (const e of events) if (e.kind === 'cloudmap.Operation' && e.object) statuses.push((e.object.value as { Status: string }).Status);
  });
  t.after(unwatch);
  const client = server.client();
  const started = Date.now() / 1000;
  const ns = await privateNamespace(client, 'prod.eu');
  const svc = await service(client, { Name: 'web', NamespaceId: ns, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] } });
  await register(client, svc, 'a', { AWS_INSTANCE_IPV4: '10.0.0.1' });
  await client.send(new UpdateServiceCommand({ Id: svc, Service: { DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 10 }] } } }));
  assert.deepEqual(statuses.slice(0, 2), ['SUBMITTED', 'SUCCESS'], 'each operation is recorded SUBMITTED, then completed');

  const all = await client.send(new ListOperationsCommand({}));
  assert.equal(all.Operations?.length, 3);
  assert.ok(all.Operations?.every((o) => o.Status === 'SUCCESS' && /^[a-z0-9]{32}-[a-z0-9]{8}$/.test(o.Id ?? '')));
  const types = async (filters: NonNullable<ConstructorParameters<typeof ListOperationsCommand>[0]>['Filters']) => {
    const out = await client.send(new ListOperationsCommand({ Filters: filters }));
    return Promise.all((out.Operations ?? []).map(async (o) => (await client.send(new GetOperationCommand({ OperationId: o.Id }))).Operation?.Type));
  };
  assert.deepEqual(await types([{ Name: 'TYPE', Values: ['REGISTER_INSTANCE'] }]), ['REGISTER_INSTANCE']);
  assert.deepEqual((await types([{ Name: 'SERVICE_ID', Values: [svc] }])).sort(), ['REGISTER_INSTANCE', 'UPDATE_SERVICE']);
  assert.deepEqual(await types([{ Name: 'NAMESPACE_ID', Values: [ns] }]), ['CREATE_NAMESPACE']);
  assert.equal((await types([{ Name: 'STATUS', Values: ['FAIL', 'PENDING'], Condition: 'IN' }])).length, 0);
  const now = Date.now() / 1000;
  assert.equal((await types([{ Name: 'UPDATE_DATE', Values: [String(started - 1), String(now + 1)], Condition: 'BETWEEN' }])).length, 3);
  assert.equal((await types([{ Name: 'UPDATE_DATE', Values: [String(now + 10), String(now + 20)], Condition: 'BETWEEN' }])).length, 0);
  await expectAwsError(client.send(new ListOperationsCommand({ Filters: [{ Name: 'UPDATE_DATE', Values: ['1'], Condition: 'BETWEEN' }] })), 'InvalidInput', /BETWEEN takes exactly two values/);
  await expectAwsError(client.send(new ListOperationsCommand({ Filters: [{ Name: 'TYPE', Values: ['A'], Condition: 'BETWEEN' }] })), 'InvalidInput', /BETWEEN is not supported for TYPE/);

  const page = await client.send(new ListOperationsCommand({ MaxResults: 2 }));
  assert.equal(page.Operations?.length, 2);
  const rest = await client.send(new ListOperationsCommand({ MaxResults: 2, NextToken: page.NextToken }));
  assert.equal(rest.Operations?.length, 1);
  assert.equal(rest.NextToken, undefined);

  await expectAwsError(client.send(new GetOperationCommand({ OperationId: 'nope' })), 'OperationNotFound', /nope/);
});
