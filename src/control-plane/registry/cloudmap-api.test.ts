import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateHttpNamespaceCommand, ListNamespacesCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { createAuthenticator } from '../auth/authenticator.js';
import { createOperationTable } from './cloudmap-api.js';
import { startDiscoveryServer, TEST_CREDENTIALS } from '../../../test/support/cloudmap-server.js';
import { expectAwsError } from '../../../test/support/aws-errors.js';
import { httpNamespace, register, service } from '../../../test/support/cloudmap-fixtures.js';

async function call(endpoint: string, target: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...headers },
    body,
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

test('wire protocol: JSON 1.1 responses, error shape, unknown operations, bad JSON', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const ok = await call(server.endpoint, 'Route53AutoNaming_v20170314.ListNamespaces', '{}');
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('content-type'), 'application/x-amz-json-1.1');
  assert.ok(ok.headers.get('x-amzn-requestid'));
  assert.deepEqual(ok.json, { Namespaces: [] });

  const empty = await call(server.endpoint, 'Route53AutoNaming_v20170314.ListServices', '');
  assert.deepEqual(empty.json, { Services: [] }, 'an empty body is {}');

  const notFound = await call(server.endpoint, 'Route53AutoNaming_v20170314.GetService', '{"Id":"srv-aaaaaaaaaaaaaaaa"}');
  assert.equal(notFound.status, 400);
  assert.equal(notFound.headers.get('x-amzn-errortype'), 'ServiceNotFound');
  assert.equal(notFound.json.__type, 'ServiceNotFound');
  assert.match(String(notFound.json.message), /srv-aaaaaaaaaaaaaaaa/);

  const unknown = await call(server.endpoint, 'Route53AutoNaming_v20170314.MakeCoffee', '{}');
  assert.equal(unknown.status, 400);
  assert.equal(unknown.json.__type, 'UnknownOperationException');
  assert.match(String(unknown.json.message), /MakeCoffee/);

  const badJson = await call(server.endpoint, 'Route53AutoNaming_v20170314.ListNamespaces', '{"Filters": [');
  assert.equal(badJson.json.__type, 'SerializationException');
  const wrongType = await call(server.endpoint, 'Route53AutoNaming_v20170314.GetNamespace', '{"Id": 7}');
  assert.equal(wrongType.json.__type, 'InvalidInput');
  assert.match(String(wrongType.json.message), /Id: /);
});

test('the data- host prefix: any Host is served; the SDK needs disableHostPrefix for a custom endpoint', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const ns = await httpNamespace(client, 'apps');
  const svc = await service(client, { Name: 'web', NamespaceId: ns });
  await register(client, svc, 'a', { AWS_INSTANCE_IPV4: '10.0.0.1' });

  const prefixed = await call(server.endpoint, 'Route53AutoNaming_v20170314.DiscoverInstances', '{"NamespaceName":"apps","ServiceName":"web"}', {
    host: 'data-servicediscovery.us-east-1.amazonaws.com',
  });
  assert.equal(prefixed.status, 200);
  assert.deepEqual((prefixed.json.Instances as Array<{ InstanceId: string }>).map((i) => i.InstanceId), ['a']);

  const withPrefix = new ServiceDiscoveryClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  t.after(() => withPrefix.destroy());
  const { DiscoverInstancesCommand } = await import('@aws-sdk/client-servicediscovery');
  await assert.rejects(withPrefix.send(new DiscoverInstancesCommand({ NamespaceName: 'apps', ServiceName: 'web' })), /data-127\.0\.0\.1|ENOTFOUND|EAI_AGAIN/);
  const out = await client.send(new DiscoverInstancesCommand({ NamespaceName: 'apps', ServiceName: 'web' }));
  assert.deepEqual(out.Instances?.map((i) => i.InstanceId), ['a']);
});

test('requests are checked with SigV4 under the signing name servicediscovery', async (t) => {
  const credentials = new Map([[TEST_CREDENTIALS.accessKeyId, { ...TEST_CREDENTIALS, source: 'test' }]]);
  const server = await startDiscoveryServer(t, { withDns: false, authenticator: createAuthenticator(credentials) });
  assert.deepEqual((await server.client().send(new ListNamespacesCommand({}))).Namespaces, []);
  const stranger = new ServiceDiscoveryClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDSTRANGER', secretAccessKey: 'x' },
    disableHostPrefix: true,
    maxAttempts: 1,
  });
  t.after(() => stranger.destroy());
  await expectAwsError(stranger.send(new CreateHttpNamespaceCommand({ Name: 'x' })), 'AccessDeniedException', /AKIDSTRANGER/, 403);
  const unsigned = await call(server.endpoint, 'Route53AutoNaming_v20170314.ListNamespaces', '{}');
  assert.equal(unsigned.status, 403);
  assert.equal(unsigned.json.__type, 'AccessDeniedException');
  assert.equal((await server.client().send(new ListNamespacesCommand({}))).Namespaces?.length, 0, 'refused calls change nothing');
});

test('every operation of the servicediscovery 2017-03-14 model is served', () => {
  const model = [
    'CreateHttpNamespace', 'CreatePrivateDnsNamespace', 'CreatePublicDnsNamespace', 'CreateService', 'DeleteNamespace',
    'DeleteService', 'DeleteServiceAttributes', 'DeregisterInstance', 'DiscoverInstances', 'DiscoverInstancesRevision',
    'GetInstance', 'GetInstancesHealthStatus', 'GetNamespace', 'GetOperation', 'GetService', 'GetServiceAttributes',
    'ListInstances', 'ListNamespaces', 'ListOperations', 'ListServices', 'ListTagsForResource', 'RegisterInstance',
    'TagResource', 'UntagResource', 'UpdateHttpNamespace', 'UpdateInstanceCustomHealthStatus', 'UpdatePrivateDnsNamespace',
    'UpdatePublicDnsNamespace', 'UpdateService', 'UpdateServiceAttributes',
  ];
  assert.deepEqual(createOperationTable().names(), model);
});
