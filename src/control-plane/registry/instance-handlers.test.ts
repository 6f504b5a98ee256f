import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeregisterInstanceCommand,
  DiscoverInstancesCommand,
  DiscoverInstancesRevisionCommand,
  GetInstanceCommand,
  GetInstancesHealthStatusCommand,
  GetOperationCommand,
  ListInstancesCommand,
  RegisterInstanceCommand,
  UpdateInstanceCustomHealthStatusCommand,
} from '@aws-sdk/client-servicediscovery';
import { startDiscoveryServer } from '../../../test/support/cloudmap-server.js';
import { expectAwsError } from '../../../test/support/aws-errors.js';
import { httpNamespace, privateNamespace, register, service } from '../../../test/support/cloudmap-fixtures.js';

test('instances: register, re-register, get, list in pages, deregister', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const ns = await privateNamespace(client, 'prod.eu');
  const srv = await service(client, { Name: 'myapp', NamespaceId: ns, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 300 }] } });

  const { OperationId } = await client.send(
    new RegisterInstanceCommand({ ServiceId: srv, InstanceId: 'blue-1', CreatorRequestId: 'r1', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1', version: 'v1' } }),
  );
  const { Operation } = await client.send(new GetOperationCommand({ OperationId }));
  assert.equal(Operation?.Type, 'REGISTER_INSTANCE');
  assert.deepEqual(Operation?.Targets, { INSTANCE: 'blue-1', SERVICE: srv });
  const got = await client.send(new GetInstanceCommand({ ServiceId: srv, InstanceId: 'blue-1' }));
  assert.equal(got.ResourceOwner, '000000000000');
  assert.deepEqual(got.Instance, { Id: 'blue-1', CreatorRequestId: 'r1', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1', version: 'v1' }, CreatedByAccount: '000000000000' });

  await register(client, srv, 'blue-1', { AWS_INSTANCE_IPV4: '10.0.0.9' });
  assert.deepEqual((await client.send(new GetInstanceCommand({ ServiceId: srv, InstanceId: 'blue-1' }))).Instance?.Attributes, { AWS_INSTANCE_IPV4: '10.0.0.9' });
  for (let i = 2; i <= 5; i++) await register(client, srv, `blue-${i}`, { AWS_INSTANCE_IPV4: `10.0.0.${i}` });

  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListInstancesCommand({ ServiceId: srv, MaxResults: 2, NextToken: token }));
    assert.ok((page.Instances?.length ?? 0) <= 2);
    ids.push(...(page.Instances ?? []).map((i) => i.Id!));
    token = page.NextToken;
  } while (token);
  assert.deepEqual(ids.sort(), ['blue-1', 'blue-2', 'blue-3', 'blue-4', 'blue-5']);

  const dereg = await client.send(new DeregisterInstanceCommand({ ServiceId: srv, InstanceId: 'blue-2' }));
  const { Operation: dop } = await client.send(new GetOperationCommand({ OperationId: dereg.OperationId }));
  assert.equal(dop?.Type, 'DEREGISTER_INSTANCE');
  assert.deepEqual(dop?.Targets, { INSTANCE: 'blue-2', SERVICE: srv });
  await expectAwsError(client.send(new GetInstanceCommand({ ServiceId: srv, InstanceId: 'blue-2' })), 'InstanceNotFound', /blue-2/);
  await expectAwsError(client.send(new DeregisterInstanceCommand({ ServiceId: srv, InstanceId: 'blue-2' })), 'InstanceNotFound');
  await expectAwsError(client.send(new ListInstancesCommand({ ServiceId: 'srv-aaaaaaaaaaaaaaaa' })), 'ServiceNotFound');
  await expectAwsError(client.send(new GetInstanceCommand({ ServiceId: 'srv-aaaaaaaaaaaaaaaa', InstanceId: 'x' })), 'ServiceNotFound');
});

test('instances: attributes are checked against the service records', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const ns = await privateNamespace(client, 'prod.eu');
  const a = await service(client, { Name: 'a', NamespaceId: ns, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] } });
  const srv = await service(client, { Name: 'srv', NamespaceId: ns, DnsConfig: { DnsRecords: [{ Type: 'SRV', TTL: 60 }] } });
  const cases: Array<[string, string, Record<string, string>, RegExp]> = [
    ['A needs an IPv4 address', a, { AWS_INSTANCE_IPV6: '::1' }, /Attributes\.AWS_INSTANCE_IPV4: is required/],
    ['IPv4 must be an address', a, { AWS_INSTANCE_IPV4: '10.0.0.300' }, /10\.0\.0\.300 is not an IPv4 address/],
    ['SRV needs a port', srv, { AWS_INSTANCE_IPV4: '10.0.0.1' }, /AWS_INSTANCE_PORT: is required/],
    ['ports are numbers', srv, { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: '80a' }, /not a port number/],
    ['initial health is HEALTHY or UNHEALTHY', a, { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INIT_HEALTH_STATUS: 'MAYBE' }, /AWS_INIT_HEALTH_STATUS: must be HEALTHY or UNHEALTHY/],
  ];
  for (const [what, serviceId, attributes, message] of cases) {
    await t.test(what, async () => {
      await expectAwsError(client.send(new RegisterInstanceCommand({ ServiceId: serviceId, InstanceId: 'i-1', Attributes: attributes })), 'InvalidInput', message);
    });
  }
  await expectAwsError(client.send(new RegisterInstanceCommand({ ServiceId: a, InstanceId: 'bad id', Attributes: {} })), 'InvalidInput', /InstanceId/);
  await expectAwsError(client.send(new RegisterInstanceCommand({ ServiceId: 'srv-aaaaaaaaaaaaaaaa', InstanceId: 'i', Attributes: {} })), 'ServiceNotFound');
  assert.equal((await client.send(new ListInstancesCommand({ ServiceId: a }))).Instances?.length, 0, 'nothing was registered');
});

test('health: AWS_INIT_HEALTH_STATUS, custom status updates, UNKNOWN without checks', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const ns = await httpNamespace(client, 'apps');
  const custom = await service(client, { Name: 'custom', NamespaceId: ns, HealthCheckCustomConfig: { FailureThreshold: 1 } });
  const plain = await service(client, { Name: 'plain', NamespaceId: ns });
  await register(client, custom, 'up', { AWS_INSTANCE_IPV4: '10.0.0.1' });
  await register(client, custom, 'down', { AWS_INSTANCE_IPV4: '10.0.0.2', AWS_INIT_HEALTH_STATUS: 'UNHEALTHY' });
  await register(client, plain, 'p', { AWS_INSTANCE_IPV4: '10.0.0.3' });

  assert.deepEqual((await client.send(new GetInstancesHealthStatusCommand({ ServiceId: custom }))).Status, { up: 'HEALTHY', down: 'UNHEALTHY' });
  assert.deepEqual((await client.send(new GetInstancesHealthStatusCommand({ ServiceId: custom, Instances: ['down'] }))).Status, { down: 'UNHEALTHY' });
  assert.deepEqual((await client.send(new GetInstancesHealthStatusCommand({ ServiceId: plain }))).Status, { p: 'UNKNOWN' });
  await expectAwsError(client.send(new GetInstancesHealthStatusCommand({ ServiceId: custom, Instances: ['nope'] })), 'InstanceNotFound');

  const revision = (await client.send(new DiscoverInstancesRevisionCommand({ NamespaceName: 'apps', ServiceName: 'custom' }))).InstancesRevision;
  await client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: custom, InstanceId: 'down', Status: 'HEALTHY' }));
  await client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: custom, InstanceId: 'up', Status: 'UNHEALTHY' }));
  assert.deepEqual((await client.send(new GetInstancesHealthStatusCommand({ ServiceId: custom }))).Status, { up: 'UNHEALTHY', down: 'HEALTHY' });
  assert.equal(
    (await client.send(new DiscoverInstancesRevisionCommand({ NamespaceName: 'apps', ServiceName: 'custom' }))).InstancesRevision,
    revision,
    'health changes do not move InstancesRevision',
  );

  await expectAwsError(client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: plain, InstanceId: 'p', Status: 'HEALTHY' })), 'CustomHealthNotFound');
  await expectAwsError(client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: custom, InstanceId: 'nope', Status: 'HEALTHY' })), 'InstanceNotFound');
});

test('DiscoverInstances: health filters, query and optional parameters, MaxResults, revisions', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const ns = await httpNamespace(client, 'apps');
  const svc = await service(client, { Name: 'web', NamespaceId: ns, HealthCheckCustomConfig: {} });
  await register(client, svc, 'eu-1', { AWS_INSTANCE_IPV4: '10.0.0.1', region: 'eu', tier: 'gold' });
  await register(client, svc, 'eu-2', { AWS_INSTANCE_IPV4: '10.0.0.2', region: 'eu', tier: 'silver', AWS_INIT_HEALTH_STATUS: 'UNHEALTHY' });
  await register(client, svc, 'us-1', { AWS_INSTANCE_IPV4: '10.0.0.3', region: 'us', tier: 'gold' });
  const discover = async (input: Omit<ConstructorParameters<typeof DiscoverInstancesCommand>[0], 'NamespaceName' | 'ServiceName'>) => {
    const out = await client.send(new DiscoverInstancesCommand({ NamespaceName: 'apps', ServiceName: 'web', ...input }));
    return (out.Instances ?? []).map((i) => i.InstanceId!).sort();
  };
  assert.deepEqual(await discover({}), ['eu-1', 'us-1'], 'healthy instances by default');
  assert.deepEqual(await discover({ HealthStatus: 'UNHEALTHY' }), ['eu-2']);
  assert.deepEqual(await discover({ HealthStatus: 'ALL' }), ['eu-1', 'eu-2', 'us-1']);
  assert.deepEqual(await discover({ QueryParameters: { region: 'eu' } }), ['eu-1']);
  assert.deepEqual(await discover({ QueryParameters: { region: 'eu' }, HealthStatus: 'ALL', OptionalParameters: { tier: 'silver' } }), ['eu-2']);
  assert.deepEqual(await discover({ QueryParameters: { region: 'eu' }, OptionalParameters: { tier: 'platinum' } }), ['eu-1'], 'unmatched optional parameters are ignored');
  assert.equal((await discover({ HealthStatus: 'ALL', MaxResults: 2 })).length, 2);

  await client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: svc, InstanceId: 'eu-1', Status: 'UNHEALTHY' }));
  await client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: svc, InstanceId: 'us-1', Status: 'UNHEALTHY' }));
  assert.deepEqual(await discover({}), []);
  assert.deepEqual(await discover({ HealthStatus: 'HEALTHY_OR_ELSE_ALL' }), ['eu-1', 'eu-2', 'us-1'], 'fails open when none is healthy');

  const full = await client.send(new DiscoverInstancesCommand({ NamespaceName: 'apps', ServiceName: 'web', HealthStatus: 'ALL', QueryParameters: { region: 'us' } }));
  assert.deepEqual(full.Instances, [
    { InstanceId: 'us-1', NamespaceName: 'apps', ServiceName: 'web', HealthStatus: 'UNHEALTHY', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.3', region: 'us', tier: 'gold' } },
  ]);
  assert.equal(full.InstancesRevision, 3);
  await client.send(new DeregisterInstanceCommand({ ServiceId: svc, InstanceId: 'us-1' }));
  assert.equal((await client.send(new DiscoverInstancesRevisionCommand({ NamespaceName: 'apps', ServiceName: 'web' }))).InstancesRevision, 4);

  await expectAwsError(client.send(new DiscoverInstancesCommand({ NamespaceName: 'nope', ServiceName: 'web' })), 'NamespaceNotFound');
  await expectAwsError(client.send(new DiscoverInstancesCommand({ NamespaceName: 'apps', ServiceName: 'nope' })), 'ServiceNotFound');
  await expectAwsError(client.send(new DiscoverInstancesRevisionCommand({ NamespaceName: 'apps', ServiceName: 'nope' })), 'ServiceNotFound');
  await expectAwsError(client.send(new DiscoverInstancesCommand({ NamespaceName: 'apps', ServiceName: 'web', MaxResults: 5000 })), 'InvalidInput', /MaxResults/);
});

test('without a health check every instance is discovered as UNKNOWN whatever HealthStatus asks', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const ns = await httpNamespace(client, 'apps');
  const svc = await service(client, { Name: 'web', NamespaceId: ns });
  await register(client, svc, 'a', { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INIT_HEALTH_STATUS: 'UNHEALTHY' });
  for (const HealthStatus of ['HEALTHY', 'UNHEALTHY', 'ALL', 'HEALTHY_OR_ELSE_ALL'] as const) {
    const out = await client.send(new DiscoverInstancesCommand({ NamespaceName: 'apps', ServiceName: 'web', HealthStatus }));
    assert.deepEqual(out.Instances?.map((i) => [i.InstanceId, i.HealthStatus]), [['a', 'UNKNOWN']], HealthStatus);
  }
});
