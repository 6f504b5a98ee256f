import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../core/clock.js';
import { openTempStore } from '../../../test/support/temp-store.js';
import type { RegistryContext } from '../registry/context.js';
import { namespaceByName, serviceByName, instancesOf } from '../registry/context.js';
import { createNamespace } from '../registry/namespaces.js';
import type { WorkloadRegistration } from '../../api/local-workload.js';
import { CloudMapWorkloadRegistration, WORKLOAD_ATTRIBUTE } from './cloudmap-registration.js';
import { WorkloadRegistry } from './registry.js';

const blue: WorkloadRegistration = {
  namespace: 'blue',
  name: 'blue-v1-1',
  labels: { 'app.kubernetes.io/name': 'blue-v1' },
  address: '127.0.0.7',
  ports: [{ port: 8080, protocol: 'http', appPort: 40001 }],
  health: 'HEALTHY',
  pid: 4242,
  node: { meshName: 'webapp', kind: 'virtualNode', name: 'blue-v1_blue' },
};

function setUp(t: Parameters<typeof openTempStore>[0]) {
  const { store } = openTempStore(t);
  const ctx: RegistryContext = { store, clock: systemClock, identity: { partition: 'aws', region: 'eu-central-1', accountId: '000000000000' } };
  const cloudMap = new CloudMapWorkloadRegistration(ctx, (node) =>
    node.name === 'blue-v1_blue' ? { namespaceName: 'myapp.prod.eu', serviceName: 'blue', attributes: { version: 'v1' } } : undefined,
  );
  return { store, ctx, registry: new WorkloadRegistry(store, systemClock, [cloudMap]) };
}

test('a workload of a Cloud Map virtual node is registered as an instance with the controller\'s attributes, and deregistered with it', async (t) => {
  const { store, ctx, registry } = setUp(t);
  await createNamespace(ctx, { Type: 'DNS_PRIVATE', Name: 'myapp.prod.eu', Vpc: 'local' });
  const w = await registry.register(blue);

  const ns = namespaceByName(store, 'myapp.prod.eu')!;
  const service = serviceByName(store, ns.Id, 'blue');
  assert.ok(service, 'the missing service was created');
  assert.deepEqual(service.DnsConfig?.DnsRecords, [{ Type: 'A', TTL: 300 }]);
  assert.deepEqual(service.HealthCheckCustomConfig, { FailureThreshold: 1 });
  const [instance, ...rest] = instancesOf(store, service.Id);
  assert.equal(rest.length, 0);
  assert.equal(instance?.Id, '127.0.0.7');
  assert.deepEqual(instance?.Attributes, {
    'app.kubernetes.io/name': 'blue-v1',
    version: 'v1',
    AWS_INSTANCE_IPV4: '127.0.0.7',
    AWS_INSTANCE_PORT: '8080',
    'k8s.io/pod': 'blue-v1-1',
    'k8s.io/namespace': 'blue',
    'appmesh.k8s.aws/mesh': 'webapp',
    'appmesh.k8s.aws/virtualNode': 'blue-v1_blue',
    REGION: 'eu-central-1',
    AVAILABILITY_ZONE: 'local',
    [WORKLOAD_ATTRIBUTE]: 'blue/blue-v1-1',
  });

  assert.equal(await registry.deregister(w), true);
  assert.deepEqual(instancesOf(store, service.Id), []);
});

test('a missing Cloud Map namespace refuses the registration, naming it, and leaves no workload behind', async (t) => {
  const { registry } = setUp(t);
  await assert.rejects(registry.register(blue), /Cloud Map namespace myapp\.prod\.eu of VirtualNode blue-v1_blue \(serviceDiscovery\.awsCloudMap\.namespaceName\) does not exist/);
  assert.deepEqual(registry.list(), []);
});

test('purge drops the instances of a previous run; workloads of other nodes touch no Cloud Map service', async (t) => {
  const { store, ctx, registry } = setUp(t);
  await createNamespace(ctx, { Type: 'HTTP', Name: 'myapp.prod.eu' });
  await registry.register(blue);
  await registry.register({ ...blue, name: 'green-v1-1', namespace: 'green', address: '127.0.0.8', node: { meshName: 'webapp', kind: 'virtualNode', name: 'green-v1_green' } });
  const service = serviceByName(store, namespaceByName(store, 'myapp.prod.eu')!.Id, 'blue')!;
  assert.equal(service.DnsConfig, undefined, 'HTTP namespaces get no DNS records');
  assert.equal(instancesOf(store, service.Id).length, 1);
  assert.equal(await registry.purge(), 2);
  assert.deepEqual(instancesOf(store, service.Id), []);
  assert.deepEqual(registry.list(), []);
});

test('DNS sees the healthy workloads a Service selector picks', async (t) => {
  const { registry } = setUp(t);
  await registry.register({ ...blue, node: { meshName: 'webapp', kind: 'virtualNode', name: 'other' } });
  await registry.register({ ...blue, name: 'blue-v1-2', address: '127.0.0.9', health: 'UNHEALTHY', node: { meshName: 'webapp', kind: 'virtualNode', name: 'other' } });
  assert.deepEqual(registry.addresses('blue', { 'app.kubernetes.io/name': 'blue-v1' }), ['127.0.0.7']);
  assert.deepEqual(registry.addresses('blue', {}), []);
  assert.deepEqual(registry.addresses('green', { 'app.kubernetes.io/name': 'blue-v1' }), []);
});
