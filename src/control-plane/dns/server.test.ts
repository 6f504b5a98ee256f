import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeregisterInstanceCommand, UpdateInstanceCustomHealthStatusCommand } from '@aws-sdk/client-servicediscovery';
import { startDiscoveryServer } from '../../../test/support/cloudmap-server.js';
import { privateNamespace, register, service } from '../../../test/support/cloudmap-fixtures.js';
import { dig, digMissing, type DigRecord } from '../../../test/support/dig.js';
import { LogRegistry } from '../../core/log.js';
import { DnsResponder } from './responder.js';
import { DnsServer } from './server.js';
import { UdpUpstream } from './upstream.js';
import { EMPTY_SNAPSHOT } from './zone-data.js';

const skip = digMissing();
const lines = (records: readonly DigRecord[]) => records.map((r) => `${r.name} ${r.ttl} ${r.type} ${r.data}`).sort();

test('dig: A, SRV, TCP, NXDOMAIN with SOA, REFUSED, and changes at once', { skip }, async (t) => {
  const server = await startDiscoveryServer(t);
  const client = server.client();
  const ns = await privateNamespace(client, 'prod.eu');
  const myapp = await service(client, { Name: 'myapp', NamespaceId: ns, DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 300 }] }, HealthCheckCustomConfig: { FailureThreshold: 1 } });
  await register(client, myapp, 'blue-v1-12', { AWS_INSTANCE_IPV4: '192.168.88.141', AWS_INIT_HEALTH_STATUS: 'HEALTHY' });
  await register(client, myapp, 'blue-v1-22', { AWS_INSTANCE_IPV4: '192.168.42.137', AWS_INIT_HEALTH_STATUS: 'HEALTHY' });
  const web = await service(client, { Name: '_web._tcp', NamespaceId: ns, DnsConfig: { DnsRecords: [{ Type: 'SRV', TTL: 30 }] } });
  await register(client, web, 'w1', { AWS_INSTANCE_IPV4: '10.1.0.1', AWS_INSTANCE_PORT: '8080' });

  const both = ['myapp.prod.eu. 300 A 192.168.42.137', 'myapp.prod.eu. 300 A 192.168.88.141'];
  const udp = await dig(server.dns, ['myapp.prod.eu', 'A']);
  assert.equal(udp.status, 'NOERROR');
  assert.ok(udp.flags.includes('aa'));
  assert.deepEqual(lines(udp.answer), both);
  const tcp = await dig(server.dns, ['+tcp', 'myapp.prod.eu', 'A']);
  assert.deepEqual(lines(tcp.answer), both);

  const srv = await dig(server.dns, ['_web._tcp.prod.eu', 'SRV']);
  assert.deepEqual(lines(srv.answer), ['_web._tcp.prod.eu. 30 SRV 1 1 8080 w1._web._tcp.prod.eu.']);
  assert.deepEqual(lines(srv.additional), ['w1._web._tcp.prod.eu. 30 A 10.1.0.1']);
  assert.deepEqual(lines((await dig(server.dns, ['w1._web._tcp.prod.eu', 'A'])).answer), ['w1._web._tcp.prod.eu. 30 A 10.1.0.1']);

  const missing = await dig(server.dns, ['nothere.prod.eu', 'A']);
  assert.equal(missing.status, 'NXDOMAIN');
  assert.ok(missing.flags.includes('aa'));
  assert.equal(missing.authority.length, 1);
  assert.equal(missing.authority[0]?.type, 'SOA');
  assert.equal(missing.authority[0]?.name, 'prod.eu.');
  assert.equal(missing.authority[0]?.ttl, 15);
  const nodata = await dig(server.dns, ['myapp.prod.eu', 'AAAA']);
  assert.equal(nodata.status, 'NOERROR');
  assert.equal(nodata.answer.length, 0);
  assert.equal(nodata.authority[0]?.type, 'SOA');

  const outside = await dig(server.dns, ['example.org', 'A']);
  assert.equal(outside.status, 'REFUSED');

  await client.send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: myapp, InstanceId: 'blue-v1-22', Status: 'UNHEALTHY' }));
  assert.deepEqual(lines((await dig(server.dns, ['myapp.prod.eu'])).answer), ['myapp.prod.eu. 300 A 192.168.88.141'], 'an unhealthy instance leaves the answer');
  await client.send(new DeregisterInstanceCommand({ ServiceId: myapp, InstanceId: 'blue-v1-12' }));
  assert.deepEqual(lines((await dig(server.dns, ['myapp.prod.eu'])).answer), ['myapp.prod.eu. 300 A 192.168.42.137'], 'with none healthy, the unhealthy one is served');
});

test('dig: answers too large for UDP set TC and arrive whole over TCP', { skip }, async (t) => {
  const server = await startDiscoveryServer(t);
  const client = server.client();
  const ns = await privateNamespace(client, 'big.example');
  const svc = await service(client, { Name: '_http._tcp', NamespaceId: ns, DnsConfig: { DnsRecords: [{ Type: 'SRV', TTL: 60 }] } });
  for (let i = 0; i < 8; i++) {
    await register(client, svc, `instance-with-a-rather-long-identifier-number-${i}`, { AWS_INSTANCE_IPV4: `10.2.0.${i}`, AWS_INSTANCE_IPV6: `fd00::${i}`, AWS_INSTANCE_PORT: '80' });
  }
  const truncated = await dig(server.dns, ['+ignore', '+noedns', '_http._tcp.big.example', 'SRV']);
  assert.ok(truncated.flags.includes('tc'), `expected TC, flags: ${truncated.flags.join(' ')}`);
  assert.equal(truncated.answer.length, 0);
  const whole = await dig(server.dns, ['+tcp', '_http._tcp.big.example', 'SRV']);
  assert.equal(whole.answer.length, 8);
  assert.equal(whole.additional.filter((r) => r.type === 'A' || r.type === 'AAAA').length, 16);
  const retried = await dig(server.dns, ['+noedns', '_http._tcp.big.example', 'SRV']);
  assert.equal(retried.answer.length, 8, 'dig retries over TCP by itself');
});

test('dig: names outside every zone are forwarded to --dns-upstream', { skip }, async (t) => {
  const upstream = await startDiscoveryServer(t);
  const up = upstream.client();
  const ns = await privateNamespace(up, 'example.org');
  const www = await service(up, { Name: 'www', NamespaceId: ns, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 42 }] } });
  await register(up, www, 'w', { AWS_INSTANCE_IPV4: '203.0.113.7' });

  const server = await startDiscoveryServer(t, { upstream: new UdpUpstream(upstream.dns, 2000) });
  const forwarded = await dig(server.dns, ['www.example.org', 'A']);
  assert.equal(forwarded.status, 'NOERROR');
  assert.deepEqual(lines(forwarded.answer), ['www.example.org. 42 A 203.0.113.7']);
  assert.equal((await dig(server.dns, ['nope.example.org'])).status, 'NXDOMAIN');
});

test('local-mode names: Kubernetes Services pick local workloads; VirtualService names get the placeholder', { skip }, async (t) => {
  // Local mode does not run here; this stands in for its workload table behind the LocalWorkloads seam.
  const workloads = {
    addresses: (namespace: string, selector: Readonly<Record<string, string>>) =>
      namespace === 'blue' && selector['app'] === 'blue' ? ['127.0.10.1', '127.0.10.2'] : [],
  };
  const server = await startDiscoveryServer(t, { workloads });
  await server.store.transact((tx) => {
    tx.put('k8s.Service', 'blue/blue-v1', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'blue-v1', namespace: 'blue' }, spec: { selector: { app: 'blue' } } });
    tx.put('k8s.Service', 'consumer/myapp', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'myapp', namespace: 'consumer' }, spec: { selector: { app: 'none' } } });
    tx.put('VirtualService', 'mesh/webapp/virtualService/myapp.consumer.svc.cluster.local', { id: { kind: 'VirtualService', meshName: 'webapp', name: 'myapp.consumer.svc.cluster.local' } });
    tx.put('VirtualService', 'mesh/webapp/virtualService/green.local', { id: { kind: 'VirtualService', meshName: 'webapp', name: 'green.local' } });
  });
  assert.deepEqual(lines((await dig(server.dns, ['blue-v1.blue.svc.cluster.local'])).answer), ['blue-v1.blue.svc.cluster.local. 5 A 127.0.10.1', 'blue-v1.blue.svc.cluster.local. 5 A 127.0.10.2']);
  assert.deepEqual(lines((await dig(server.dns, ['myapp.consumer.svc.cluster.local'])).answer), ['myapp.consumer.svc.cluster.local. 5 A 198.18.0.1']);
  assert.deepEqual(lines((await dig(server.dns, ['green.local'])).answer), ['green.local. 5 A 198.18.0.1']);
  assert.equal((await dig(server.dns, ['red.blue.svc.cluster.local'])).status, 'NXDOMAIN');
});

test('a DNS address already in use is a clear start error', async (t) => {
  const log = new LogRegistry('off').get('test');
  const responder = new DnsResponder({ zones: { snapshot: () => EMPTY_SNAPSHOT }, log });
  const first = new DnsServer({ host: '127.0.0.1', port: 0, responder, log });
  await first.start();
  t.after(() => first.close());
  const { port } = first.address();
  const second = new DnsServer({ host: '127.0.0.1', port, responder, log });
  await assert.rejects(second.start(), new RegExp(`dns: cannot listen on 127\\.0\\.0\\.1:${port} \\(udp\\+tcp\\): .*EADDRINUSE`));
  assert.throws(() => second.address(), /not started/);
});
