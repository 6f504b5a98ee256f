/**
 * The chapter's Cloud Map section ("使用 AWS Cloud Map 与 EKS") with its commands as printed plus
 * --endpoint-url, through the real AWS CLI v2, then `dig` against Meshwork's DNS server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { awsCliMissing, runAws } from '../support/aws-cli.js';
import { createAuthenticator } from '../../src/control-plane/auth/authenticator.js';
import { startDiscoveryServer, TEST_CREDENTIALS } from '../support/cloudmap-server.js';
import { dig, digMissing } from '../support/dig.js';

const skip = awsCliMissing() ?? digMissing();
/** The control plane checks SigV4 signatures made with the test key pair. */
const signed = () => ({ authenticator: createAuthenticator(new Map([[TEST_CREDENTIALS.accessKeyId, { ...TEST_CREDENTIALS, source: 'test' }]])) });

test('the chapter: private DNS namespace, service, two instances, list-instances, dig', { skip }, async (t) => {
  const server = await startDiscoveryServer(t, signed());
  const aws = async (...args: string[]) => {
    const r = await runAws(['servicediscovery', ...args, '--endpoint-url', server.endpoint, '--output', 'json']);
    assert.equal(r.code, 0, `aws servicediscovery ${args[0]} failed: ${r.stderr}`);
    return JSON.parse(r.stdout === '' ? '{}' : r.stdout) as Record<string, any>;
  };

  const created = await aws('create-private-dns-namespace', '--name', 'prod.eu', '--description', 'european production private DNS namespace', '--vpc', 'vpc-0614a71963e68bc86');
  assert.match(created.OperationId, /^[a-z0-9]{32}-[a-z0-9]{8}$/);

  const { Operation: op } = await aws('get-operation', '--operation-id', created.OperationId);
  assert.equal(op.Status, 'SUCCESS');
  assert.equal(op.Type, 'CREATE_NAMESPACE');
  assert.equal(op.Id, created.OperationId);
  assert.match(op.Targets.NAMESPACE, /^ns-[a-z0-9]{16}$/);
  assert.ok(op.UpdateDate >= op.CreateDate, 'UpdateDate is not before CreateDate');
  const namespaceId: string = op.Targets.NAMESPACE;

  const { Service: service } = await aws(
    'create-service',
    '--name', 'myapp',
    '--description', 'Discovery service for the myapp service',
    '--namespace-id', namespaceId,
    '--dns-config', 'RoutingPolicy=MULTIVALUE,DnsRecords=[{Type=A,TTL=300}]',
    '--health-check-custom-config', 'FailureThreshold=1',
  );
  assert.equal(service.Name, 'myapp');
  assert.equal(service.NamespaceId, namespaceId);
  assert.equal(service.Description, 'Discovery service for the myapp service');
  assert.match(service.Id, /^srv-[a-z0-9]{16}$/);
  assert.equal(service.Arn, `arn:aws:servicediscovery:eu-central-1:000000000000:service/${service.Id}`);
  assert.deepEqual(service.DnsConfig.DnsRecords, [{ Type: 'A', TTL: 300 }]);

  for (const [id, ip] of [['blue-v1-12', '192.168.88.141'], ['blue-v1-22', '192.168.42.137']] as const) {
    const reg = await aws('register-instance', '--service-id', service.Id, '--instance-id', id, '--attributes', `AWS_INSTANCE_IPV4=${ip},AWS_INIT_HEALTH_STATUS=HEALTHY`);
    assert.match(reg.OperationId, /^[a-z0-9]{32}-[a-z0-9]{8}$/);
  }

  const listed = await aws('list-instances', '--service-id', service.Id);
  const byIp = listed.Instances.map((i: { Attributes: Record<string, string> }) => i.Attributes.AWS_INSTANCE_IPV4).sort();
  assert.deepEqual(byIp, ['192.168.42.137', '192.168.88.141']);
  assert.equal(listed.Instances[0].Attributes.AWS_INIT_HEALTH_STATUS, 'HEALTHY');

  const answer = await dig(server.dns, ['myapp.prod.eu']);
  assert.equal(answer.status, 'NOERROR');
  assert.ok(answer.flags.includes('aa'), `expected an authoritative answer, flags: ${answer.flags.join(' ')}`);
  assert.deepEqual(
    answer.answer.map((r) => `${r.name} ${r.ttl} ${r.type} ${r.data}`).sort(),
    ['myapp.prod.eu. 300 A 192.168.42.137', 'myapp.prod.eu. 300 A 192.168.88.141'],
  );
});

test('aws CLI v2 discover-instances against a custom endpoint', { skip }, async (t) => {
  const server = await startDiscoveryServer(t, { withDns: false, ...signed() });
  const client = server.client();
  const { CreateHttpNamespaceCommand, CreateServiceCommand, RegisterInstanceCommand, GetOperationCommand } = await import('@aws-sdk/client-servicediscovery');
  const { OperationId } = await client.send(new CreateHttpNamespaceCommand({ Name: 'local' }));
  const { Operation } = await client.send(new GetOperationCommand({ OperationId }));
  const { Service } = await client.send(new CreateServiceCommand({ Name: 'web', NamespaceId: Operation!.Targets!.NAMESPACE! }));
  await client.send(new RegisterInstanceCommand({ ServiceId: Service!.Id!, InstanceId: 'web-1', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.5', AWS_INSTANCE_PORT: '8080' } }));

  const args = ['servicediscovery', 'discover-instances', '--namespace-name', 'local', '--service-name', 'web', '--endpoint-url', server.endpoint, '--output', 'json'];
  // The CLI puts `data-` in front of the endpoint's host, even an IP address; that name does not resolve.
  const plain = await runAws(args);
  assert.notEqual(plain.code, 0);
  assert.match(plain.stderr, /data-127\.0\.0\.1/);
  // The documented way round it: send the CLI's requests through the control plane as its HTTP proxy.
  // The Host is irrelevant to Meshwork, so the prefixed request is served like any other.
  const r = await runAws(args, { HTTP_PROXY: server.endpoint, http_proxy: server.endpoint, NO_PROXY: '', no_proxy: '' });
  assert.equal(r.code, 0, r.stderr);
  // (CLI 2.9's model predates InstancesRevision, so the CLI drops that member; the SDK tests check it.)
  const out = JSON.parse(r.stdout) as { Instances: Array<{ InstanceId: string; HealthStatus: string }> };
  assert.deepEqual(out.Instances.map((i) => [i.InstanceId, i.HealthStatus]), [['web-1', 'UNKNOWN']]);
});
