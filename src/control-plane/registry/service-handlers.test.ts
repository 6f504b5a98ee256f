import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateServiceCommand,
  DeleteServiceAttributesCommand,
  DeleteServiceCommand,
  DeregisterInstanceCommand,
  GetOperationCommand,
  GetServiceAttributesCommand,
  GetServiceCommand,
  ListServicesCommand,
  UpdateServiceAttributesCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-servicediscovery';
import { startDiscoveryServer } from '../../../test/support/cloudmap-server.js';
import { expectAwsError } from '../../../test/support/aws-errors.js';
import { httpNamespace, privateNamespace, register, service } from '../../../test/support/cloudmap-fixtures.js';

test('services: create in DNS and HTTP namespaces, get, list by namespace', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const dnsNs = await privateNamespace(client, 'prod.eu');
  const httpNs = await httpNamespace(client, 'apps');
  const { Service: s } = await client.send(
    new CreateServiceCommand({
      Name: 'myapp',
      NamespaceId: dnsNs,
      Description: 'd',
      CreatorRequestId: 'c1',
      DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 300 }] },
      HealthCheckCustomConfig: { FailureThreshold: 1 },
      Tags: [{ Key: 'team', Value: 'blue' }],
    }),
  );
  assert.match(s?.Id ?? '', /^srv-[a-z0-9]{16}$/);
  assert.equal(s?.Type, 'DNS_HTTP');
  assert.equal(s?.NamespaceId, dnsNs);
  assert.deepEqual(s?.DnsConfig, { NamespaceId: dnsNs, RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 300 }] });
  assert.deepEqual(s?.HealthCheckCustomConfig, { FailureThreshold: 1 });
  assert.equal(s?.InstanceCount, 0);
  assert.equal(s?.CreatedByAccount, '000000000000');
  assert.ok(s?.CreateDate instanceof Date);

  const httpSvc = await service(client, { Name: 'api', NamespaceId: httpNs });
  assert.equal((await client.send(new GetServiceCommand({ Id: httpSvc }))).Service?.Type, 'HTTP');

  const got = await client.send(new GetServiceCommand({ Id: s!.Arn }));
  assert.equal(got.Service?.Id, s?.Id);
  const inDns = await client.send(new ListServicesCommand({ Filters: [{ Name: 'NAMESPACE_ID', Values: [dnsNs], Condition: 'EQ' }] }));
  assert.deepEqual(inDns.Services?.map((x) => x.Name), ['myapp']);
  assert.equal((inDns.Services?.[0] as Record<string, unknown>).NamespaceId, undefined, 'summaries carry no NamespaceId');
  const all = await client.send(new ListServicesCommand({ MaxResults: 1 }));
  assert.equal(all.Services?.length, 1);
  assert.ok(all.NextToken);
  await expectAwsError(client.send(new ListServicesCommand({ Filters: [{ Name: 'NAME' as 'NAMESPACE_ID', Values: ['x'] }] })), 'InvalidInput', /Filters\[0\]\.Name: must be one of NAMESPACE_ID, RESOURCE_OWNER/);

  const retry = await client.send(new CreateServiceCommand({ Name: 'myapp', NamespaceId: dnsNs, CreatorRequestId: 'c1' }));
  assert.equal(retry.Service?.Id, s?.Id, 'the same CreatorRequestId is a retry');
  const dup = await expectAwsError(client.send(new CreateServiceCommand({ Name: 'myapp', NamespaceId: dnsNs, CreatorRequestId: 'c2' })), 'ServiceAlreadyExists');
  assert.equal(dup.ServiceId, s?.Id);
  assert.equal(dup.ServiceArn, s?.Arn);
});

test('services: invalid configurations are refused with the member that is wrong', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const dnsNs = await privateNamespace(client, 'prod.eu');
  const httpNs = await httpNamespace(client, 'apps');
  const cases: Array<[string, Parameters<typeof service>[1], RegExp]> = [
    ['CNAME needs WEIGHTED', { Name: 'a', NamespaceId: dnsNs, DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'CNAME', TTL: 60 }] } }, /DnsConfig\.RoutingPolicy: must be WEIGHTED/],
    ['A with SRV', { Name: 'b', NamespaceId: dnsNs, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }, { Type: 'SRV', TTL: 60 }] } }, /A\+SRV is not a valid combination/],
    ['both health checks', { Name: 'c', NamespaceId: dnsNs, HealthCheckConfig: { Type: 'HTTP' }, HealthCheckCustomConfig: {} }, /HealthCheckCustomConfig: cannot be combined/],
    ['DNS in an HTTP namespace', { Name: 'd', NamespaceId: httpNs, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] } }, /DnsConfig: is not allowed for a service in an HTTP namespace/],
    ['a bad name', { Name: '-bad-', NamespaceId: dnsNs }, /Name: must be a DNS label/],
    ['a negative TTL', { Name: 'e', NamespaceId: dnsNs, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: -1 }] } }, /DnsConfig\.DnsRecords\[0\]\.TTL/],
    ['no namespace', { Name: 'f' }, /NamespaceId: is required/],
  ];
  for (const [what, input, message] of cases) {
    await t.test(what, async () => {
      await expectAwsError(client.send(new CreateServiceCommand(input)), 'InvalidInput', message);
    });
  }
  await expectAwsError(client.send(new CreateServiceCommand({ Name: 'g', NamespaceId: 'ns-aaaaaaaaaaaaaaaa' })), 'NamespaceNotFound', /ns-aaaaaaaaaaaaaaaa/);
  await expectAwsError(client.send(new GetServiceCommand({ Id: 'srv-aaaaaaaaaaaaaaaa' })), 'ServiceNotFound', /srv-aaaaaaaaaaaaaaaa/);
  assert.equal((await client.send(new ListServicesCommand({}))).Services?.length, 0, 'nothing was created');
});

test('services: update records and health check, delete only without instances', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const dnsNs = await privateNamespace(client, 'prod.eu');
  const httpNs = await httpNamespace(client, 'apps');
  const id = await service(client, { Name: 'web', NamespaceId: dnsNs, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 300 }] } });

  const { OperationId } = await client.send(
    new UpdateServiceCommand({ Id: id, Service: { Description: 'v2', DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 30 }, { Type: 'AAAA', TTL: 30 }] }, HealthCheckConfig: { Type: 'TCP' } } }),
  );
  const { Operation } = await client.send(new GetOperationCommand({ OperationId }));
  assert.equal(Operation?.Type, 'UPDATE_SERVICE');
  assert.deepEqual(Operation?.Targets, { SERVICE: id });
  const updated = (await client.send(new GetServiceCommand({ Id: id }))).Service;
  assert.equal(updated?.Description, 'v2');
  assert.deepEqual(updated?.DnsConfig?.DnsRecords, [{ Type: 'A', TTL: 30 }, { Type: 'AAAA', TTL: 30 }]);
  assert.deepEqual(updated?.HealthCheckConfig, { Type: 'TCP' });

  await client.send(new UpdateServiceCommand({ Id: id, Service: { DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 30 }] } } }));
  assert.equal((await client.send(new GetServiceCommand({ Id: id }))).Service?.HealthCheckConfig, undefined, 'a HealthCheckConfig left out is removed');

  const httpSvc = await service(client, { Name: 'api', NamespaceId: httpNs });
  await expectAwsError(client.send(new UpdateServiceCommand({ Id: httpSvc, Service: { Description: 'x' } })), 'InvalidInput', /HTTP namespace/);
  await expectAwsError(client.send(new UpdateServiceCommand({ Id: 'srv-aaaaaaaaaaaaaaaa', Service: {} })), 'ServiceNotFound');

  await register(client, id, 'i-1', { AWS_INSTANCE_IPV4: '10.0.0.1' });
  await expectAwsError(client.send(new DeleteServiceCommand({ Id: id })), 'ResourceInUse', /i-1/);
  await client.send(new DeregisterInstanceCommand({ ServiceId: id, InstanceId: 'i-1' }));
  await client.send(new DeleteServiceCommand({ Id: id }));
  await expectAwsError(client.send(new GetServiceCommand({ Id: id })), 'ServiceNotFound');
});

test('service attributes: update merges, delete removes keys, at most 30', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const ns = await httpNamespace(client, 'apps');
  const id = await service(client, { Name: 'web', NamespaceId: ns });
  const arn = (await client.send(new GetServiceCommand({ Id: id }))).Service?.Arn;
  assert.deepEqual((await client.send(new GetServiceAttributesCommand({ ServiceId: id }))).ServiceAttributes, { ServiceArn: arn, ResourceOwner: '000000000000', Attributes: {} });
  await client.send(new UpdateServiceAttributesCommand({ ServiceId: id, Attributes: { port: '8080', proto: 'http' } }));
  await client.send(new UpdateServiceAttributesCommand({ ServiceId: id, Attributes: { port: '9090' } }));
  assert.deepEqual((await client.send(new GetServiceAttributesCommand({ ServiceId: id }))).ServiceAttributes?.Attributes, { port: '9090', proto: 'http' });
  await client.send(new DeleteServiceAttributesCommand({ ServiceId: id, Attributes: ['proto'] }));
  assert.deepEqual((await client.send(new GetServiceAttributesCommand({ ServiceId: id }))).ServiceAttributes?.Attributes, { port: '9090' });

  const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, 'v']));
  await expectAwsError(client.send(new UpdateServiceAttributesCommand({ ServiceId: id, Attributes: many })), 'ServiceAttributesLimitExceededException', /31 attributes/);
  await expectAwsError(client.send(new UpdateServiceAttributesCommand({ ServiceId: id, Attributes: {} })), 'InvalidInput', /Attributes: must have at least one entry/);
  await expectAwsError(client.send(new GetServiceAttributesCommand({ ServiceId: 'srv-aaaaaaaaaaaaaaaa' })), 'ServiceNotFound');
  await expectAwsError(client.send(new DeleteServiceAttributesCommand({ ServiceId: 'srv-aaaaaaaaaaaaaaaa', Attributes: ['a'] })), 'ServiceNotFound');
});
