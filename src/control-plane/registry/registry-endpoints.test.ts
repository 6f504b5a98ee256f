import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeregisterInstanceCommand, UpdateInstanceCustomHealthStatusCommand } from '@aws-sdk/client-servicediscovery';
import { startDiscoveryServer } from '../../../test/support/cloudmap-server.js';
import { privateNamespace, register, service } from '../../../test/support/cloudmap-fixtures.js';
import { RegistryEndpointSource } from './registry-endpoints.js';

async function setup(t: Parameters<typeof startDiscoveryServer>[0]) {
  // Local mode does not run here; this stands in for its workload table behind the LocalWorkloads seam.
  const workloads = { addresses: (ns: string, sel: Readonly<Record<string, string>>) => (ns === 'blue' && sel['app'] === 'blue' ? ['127.0.10.1'] : []) };
  const server = await startDiscoveryServer(t, { withDns: false, workloads });
  const client = server.client();
  const ns = await privateNamespace(client, 'prod.eu');
  const myapp = await service(client, { Name: 'myapp', NamespaceId: ns, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 300 }] }, HealthCheckCustomConfig: {} });
  await register(client, myapp, 'blue-1', { AWS_INSTANCE_IPV4: '192.168.88.141', AWS_INSTANCE_PORT: '8081', version: 'v1' });
  await register(client, myapp, 'blue-2', { AWS_INSTANCE_IPV4: '192.168.42.137', version: 'v2', AWS_INIT_HEALTH_STATUS: 'UNHEALTHY' });
  return { server, client, myapp, endpoints: new RegistryEndpointSource(server.store, server.zones) };
}

test('EndpointSource: awsCloudMap discovery gives address, port, health and attributes, filtered', async (t) => {
  const { endpoints } = await setup(t);
  const all = endpoints.cloudMapEndpoints({ namespaceName: 'prod.eu', serviceName: 'myapp' });
  assert.deepEqual(
    all.map((e) => [e.instanceId, e.address, e.port, e.health]),
    [
      ['blue-1', '192.168.88.141', 8081, 'HEALTHY'],
      ['blue-2', '192.168.42.137', undefined, 'UNHEALTHY'],
    ],
  );
  assert.equal(all[0]?.attributes['version'], 'v1');
  assert.deepEqual(endpoints.cloudMapEndpoints({ namespaceName: 'prod.eu', serviceName: 'myapp', attributes: { version: 'v2' } }).map((e) => e.instanceId), ['blue-2']);
  assert.deepEqual(endpoints.cloudMapEndpoints({ namespaceName: 'prod.eu', serviceName: 'nope' }), []);
  assert.deepEqual(endpoints.cloudMapEndpoints({ namespaceName: 'nope', serviceName: 'myapp' }), []);
});

test('EndpointSource: DNS names Meshwork serves, and undefined for the rest', async (t) => {
  const { server, endpoints } = await setup(t);
  await server.store.transact((tx) => {
    tx.put('k8s.Service', 'blue/blue-v1', { metadata: { name: 'blue-v1', namespace: 'blue' }, spec: { selector: { app: 'blue' } } });
    tx.put('VirtualService', 'mesh/webapp/virtualService/myapp.consumer.svc.cluster.local', { id: { name: 'myapp.consumer.svc.cluster.local' } });
  });
  assert.deepEqual(endpoints.dnsEndpoints('myapp.prod.eu')?.map((e) => [e.address, e.port, e.health]).sort(), [
    ['192.168.42.137', undefined, 'UNHEALTHY'],
    ['192.168.88.141', 8081, 'HEALTHY'],
  ]);
  assert.deepEqual(endpoints.dnsEndpoints('blue-v1.blue.svc.cluster.local')?.map((e) => e.address), ['127.0.10.1']);
  assert.equal(endpoints.dnsEndpoints('myapp.consumer.svc.cluster.local'), undefined, 'placeholder addresses are not endpoints');
  assert.deepEqual(endpoints.dnsEndpoints('nothere.prod.eu'), []);
  assert.equal(endpoints.dnsEndpoints('www.example.org'), undefined);
});

test('EndpointSource: onChange fires for registrations, health and deregistrations until unsubscribed', async (t) => {
  const { server, client, myapp, endpoints } = await setup(t);
  let calls = 0;
  let wake: (() => void) | undefined;
  const unsubscribe = endpoints.onChange(() => {
    calls += 1;
    wake?.();
  });
  t.after(unsubscribe);
  const changed = async (action: () => Promise<unknown>) => {
    const before = calls;
    const seen = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no change notification within 5 s')), 5000);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    await action();
    if (calls === before) await seen;
    assert.ok(calls > before);
  };
  await changed(() => register(client, myapp, 'blue-3', { AWS_INSTANCE_IPV4: '10.0.0.3' }));
  await changed(() => client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: myapp, InstanceId: 'blue-2', Status: 'HEALTHY' })));
  assert.equal(endpoints.cloudMapEndpoints({ namespaceName: 'prod.eu', serviceName: 'myapp' }).find((e) => e.instanceId === 'blue-2')?.health, 'HEALTHY');
  await changed(() => client.send(new DeregisterInstanceCommand({ ServiceId: myapp, InstanceId: 'blue-1' })));
  assert.deepEqual(endpoints.cloudMapEndpoints({ namespaceName: 'prod.eu', serviceName: 'myapp' }).map((e) => e.instanceId), ['blue-2', 'blue-3']);

  unsubscribe();
  const after = calls;
  await register(client, myapp, 'blue-4', { AWS_INSTANCE_IPV4: '10.0.0.4' });
  await server.store.transact((tx) => tx.put('unrelated.Kind', 'k', {}));
  assert.equal(calls, after, 'no calls after unsubscribing');
});
