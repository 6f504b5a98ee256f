import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateHttpNamespaceCommand,
  CreatePrivateDnsNamespaceCommand,
  CreatePublicDnsNamespaceCommand,
  CreateServiceCommand,
  DeleteNamespaceCommand,
  DeleteServiceCommand,
  GetNamespaceCommand,
  GetOperationCommand,
  ListNamespacesCommand,
  UpdateHttpNamespaceCommand,
  UpdatePrivateDnsNamespaceCommand,
  UpdatePublicDnsNamespaceCommand,
  type ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';
import { startDiscoveryServer } from '../../../test/support/cloudmap-server.js';
import { expectAwsError } from '../../../test/support/aws-errors.js';

async function namespaceIdOf(client: ServiceDiscoveryClient, operationId: string | undefined): Promise<string> {
  const { Operation } = await client.send(new GetOperationCommand({ OperationId: operationId }));
  assert.equal(Operation?.Status, 'SUCCESS');
  return Operation!.Targets!.NAMESPACE!;
}

test('namespaces: create all three kinds, get, list with filters and pages', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const before = Date.now();
  const http = await client.send(new CreateHttpNamespaceCommand({ Name: 'apps', Description: 'http ns', CreatorRequestId: 'req-1' }));
  const httpId = await namespaceIdOf(client, http.OperationId);
  const priv = await client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'prod.eu', Vpc: 'vpc-1', Properties: { DnsProperties: { SOA: { TTL: 60 } } } }));
  const privId = await namespaceIdOf(client, priv.OperationId);
  const pub = await client.send(new CreatePublicDnsNamespaceCommand({ Name: 'example.com' }));
  const pubId = await namespaceIdOf(client, pub.OperationId);

  const { Namespace: h } = await client.send(new GetNamespaceCommand({ Id: httpId }));
  assert.match(httpId, /^ns-[a-z0-9]{16}$/);
  assert.equal(h?.Arn, `arn:aws:servicediscovery:eu-central-1:000000000000:namespace/${httpId}`);
  assert.equal(h?.Type, 'HTTP');
  assert.equal(h?.Description, 'http ns');
  assert.equal(h?.ServiceCount, 0);
  assert.equal(h?.CreatorRequestId, 'req-1');
  assert.equal(h?.Properties?.HttpProperties?.HttpName, 'apps');
  assert.ok(h?.CreateDate instanceof Date && h.CreateDate.getTime() >= before - 1000, 'CreateDate is a recent timestamp');

  const { Namespace: p } = await client.send(new GetNamespaceCommand({ Id: privId }));
  assert.equal(p?.Type, 'DNS_PRIVATE');
  assert.equal(p?.Properties?.DnsProperties?.SOA?.TTL, 60);
  assert.match(p?.Properties?.DnsProperties?.HostedZoneId ?? '', /^Z[A-Z0-9]+$/);
  assert.equal(p?.Properties?.HttpProperties?.HttpName, 'prod.eu');
  const { Namespace: byArn } = await client.send(new GetNamespaceCommand({ Id: p!.Arn }));
  assert.equal(byArn?.Id, privId, 'an ARN is accepted where an id is');

  const all = await client.send(new ListNamespacesCommand({}));
  assert.deepEqual(all.Namespaces?.map((n) => n.Id).sort(), [httpId, privId, pubId].sort());
  assert.equal((all.Namespaces?.[0] as Record<string, unknown>).CreatorRequestId, undefined, 'summaries carry no CreatorRequestId');
  const dns = await client.send(new ListNamespacesCommand({ Filters: [{ Name: 'TYPE', Values: ['DNS_PRIVATE', 'DNS_PUBLIC'], Condition: 'IN' }] }));
  assert.deepEqual(dns.Namespaces?.map((n) => n.Name).sort(), ['example.com', 'prod.eu']);
  const prefixed = await client.send(new ListNamespacesCommand({ Filters: [{ Name: 'NAME', Values: ['prod'], Condition: 'BEGINS_WITH' }] }));
  assert.deepEqual(prefixed.Namespaces?.map((n) => n.Name), ['prod.eu']);

  const seen: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListNamespacesCommand({ MaxResults: 2, NextToken: token }));
    assert.ok((page.Namespaces?.length ?? 0) <= 2);
    seen.push(...(page.Namespaces ?? []).map((n) => n.Id!));
    token = page.NextToken;
  } while (token);
  assert.deepEqual(seen.sort(), [httpId, privId, pubId].sort());

  await expectAwsError(client.send(new ListNamespacesCommand({ Filters: [{ Name: 'TYPE', Values: ['HTTP', 'X'], Condition: 'BETWEEN' }] })), 'InvalidInput', /Filters\[0\]\.Condition/);
  await expectAwsError(client.send(new ListNamespacesCommand({ NextToken: 'garbage' })), 'InvalidInput', /NextToken/);
});

test('namespaces: duplicates, retries with the same CreatorRequestId, bad names', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const first = await client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'prod.eu', Vpc: 'vpc-1', CreatorRequestId: 'once' }));
  const id = await namespaceIdOf(client, first.OperationId);
  const retry = await client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'prod.eu', Vpc: 'vpc-1', CreatorRequestId: 'once' }));
  assert.equal(retry.OperationId, first.OperationId, 'a retry returns the original operation');
  const dup = await expectAwsError(client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'prod.eu', Vpc: 'vpc-1', CreatorRequestId: 'other' })), 'NamespaceAlreadyExists', /prod\.eu/);
  assert.equal(dup.NamespaceId, id);
  assert.equal(dup.CreatorRequestId, 'once');

  await expectAwsError(client.send(new CreateHttpNamespaceCommand({ Name: 'arn:aws:thing' })), 'InvalidInput', /Name/);
  await expectAwsError(client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'a..b', Vpc: 'vpc-1' })), 'InvalidInput', /Name: must be dot-separated labels/);
  await expectAwsError(client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'ok.example', Vpc: undefined })), 'InvalidInput', /Vpc: is required/);
  const list = await client.send(new ListNamespacesCommand({}));
  assert.equal(list.Namespaces?.length, 1, 'failed creates leave nothing behind');
});

test('namespaces: update each kind, delete only when empty', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const httpId = await namespaceIdOf(client, (await client.send(new CreateHttpNamespaceCommand({ Name: 'apps' }))).OperationId);
  const privId = await namespaceIdOf(client, (await client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'prod.eu', Vpc: 'v' }))).OperationId);
  const pubId = await namespaceIdOf(client, (await client.send(new CreatePublicDnsNamespaceCommand({ Name: 'example.com' }))).OperationId);

  const upd = await client.send(new UpdateHttpNamespaceCommand({ Id: httpId, Namespace: { Description: 'new words' } }));
  const { Operation } = await client.send(new GetOperationCommand({ OperationId: upd.OperationId }));
  assert.equal(Operation?.Type, 'UPDATE_NAMESPACE');
  assert.deepEqual(Operation?.Targets, { NAMESPACE: httpId });
  assert.equal((await client.send(new GetNamespaceCommand({ Id: httpId }))).Namespace?.Description, 'new words');

  await client.send(new UpdatePrivateDnsNamespaceCommand({ Id: privId, Namespace: { Properties: { DnsProperties: { SOA: { TTL: 120 } } } } }));
  assert.equal((await client.send(new GetNamespaceCommand({ Id: privId }))).Namespace?.Properties?.DnsProperties?.SOA?.TTL, 120);
  await client.send(new UpdatePublicDnsNamespaceCommand({ Id: pubId, Namespace: { Description: 'public' } }));
  assert.equal((await client.send(new GetNamespaceCommand({ Id: pubId }))).Namespace?.Description, 'public');

  await expectAwsError(client.send(new UpdateHttpNamespaceCommand({ Id: privId, Namespace: { Description: 'x' } })), 'InvalidInput', /DNS_PRIVATE, not HTTP/);
  await expectAwsError(client.send(new UpdateHttpNamespaceCommand({ Id: 'ns-doesnotexist0000', Namespace: { Description: 'x' } })), 'NamespaceNotFound');

  const { Service } = await client.send(new CreateServiceCommand({ Name: 'web', NamespaceId: privId }));
  const inUse = await expectAwsError(client.send(new DeleteNamespaceCommand({ Id: privId })), 'ResourceInUse', new RegExp(Service!.Id!));
  assert.ok(inUse);
  await client.send(new DeleteServiceCommand({ Id: Service!.Id }));
  const del = await client.send(new DeleteNamespaceCommand({ Id: privId }));
  const { Operation: delOp } = await client.send(new GetOperationCommand({ OperationId: del.OperationId }));
  assert.equal(delOp?.Type, 'DELETE_NAMESPACE');
  assert.equal(delOp?.Status, 'SUCCESS');
  await expectAwsError(client.send(new GetNamespaceCommand({ Id: privId })), 'NamespaceNotFound', new RegExp(privId));
  await expectAwsError(client.send(new DeleteNamespaceCommand({ Id: privId })), 'NamespaceNotFound');
});
