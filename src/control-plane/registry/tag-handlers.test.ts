import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetServiceCommand, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-servicediscovery';
import { startDiscoveryServer } from '../../../test/support/cloudmap-server.js';
import { expectAwsError } from '../../../test/support/aws-errors.js';
import { privateNamespace, service } from '../../../test/support/cloudmap-fixtures.js';

test('tags: on services and namespaces, merged, removed, limited to 200', async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const ns = await privateNamespace(client, 'prod.eu');
  const svc = await service(client, { Name: 'web', NamespaceId: ns, Tags: [{ Key: 'team', Value: 'blue' }] });
  const arn = (await client.send(new GetServiceCommand({ Id: svc }))).Service!.Arn!;
  const nsArn = `arn:aws:servicediscovery:eu-central-1:000000000000:namespace/${ns}`;

  assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: 'team', Value: 'blue' }]);
  await client.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'team', Value: 'green' }, { Key: 'env', Value: 'prod' }] }));
  assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: 'team', Value: 'green' }, { Key: 'env', Value: 'prod' }]);
  await client.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['team'] }));
  assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: 'env', Value: 'prod' }]);

  await client.send(new TagResourceCommand({ ResourceARN: nsArn, Tags: [{ Key: 'owner', Value: 'me' }] }));
  assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceARN: nsArn }))).Tags, [{ Key: 'owner', Value: 'me' }]);

  const many = Array.from({ length: 200 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  const tooMany = await expectAwsError(client.send(new TagResourceCommand({ ResourceARN: arn, Tags: many })), 'TooManyTagsException', /201 tags/);
  assert.equal(tooMany.ResourceName, arn);
  assert.equal((await client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags?.length, 1, 'a refused tagging changes nothing');

  const missing = 'arn:aws:servicediscovery:eu-central-1:000000000000:service/srv-aaaaaaaaaaaaaaaa';
  await expectAwsError(client.send(new ListTagsForResourceCommand({ ResourceARN: missing })), 'ResourceNotFoundException', /srv-aaaaaaaaaaaaaaaa/);
  await expectAwsError(client.send(new TagResourceCommand({ ResourceARN: 'not-an-arn', Tags: [] })), 'ResourceNotFoundException');
  await expectAwsError(client.send(new UntagResourceCommand({ ResourceARN: missing, TagKeys: ['a'] })), 'ResourceNotFoundException');
  await expectAwsError(client.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: '', Value: 'x' }] })), 'InvalidInput', /Tags\[0\]\.Key/);
});
