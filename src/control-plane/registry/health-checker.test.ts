import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { GetInstancesHealthStatusCommand, DiscoverInstancesCommand } from '@aws-sdk/client-servicediscovery';
import { systemClock } from '../../core/clock.js';
import { LogRegistry } from '../../core/log.js';
import { startDiscoveryServer } from '../../../test/support/cloudmap-server.js';
import { privateNamespace, register, service } from '../../../test/support/cloudmap-fixtures.js';
import { dig, digMissing } from '../../../test/support/dig.js';
import { InstanceHealthChecker } from './health-checker.js';
import { networkProbe } from './health-probe.js';

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const s = createTcpServer();
  const port = await listen(s);
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

test('HealthCheckConfig: HTTP checks flip instances after FailureThreshold results, in the API and in DNS', { skip: digMissing() }, async (t) => {
  let status = 200;
  const app = createServer((req, res) => {
    res.statusCode = req.url === '/health' ? status : 404;
    res.end();
  });
  const appPort = await listen(app);
  t.after(() => app.close());

  const server = await startDiscoveryServer(t);
  const client = server.client();
  const ns = await privateNamespace(client, 'prod.eu');
  const svc = await service(client, {
    Name: 'web',
    NamespaceId: ns,
    DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] },
    HealthCheckConfig: { Type: 'HTTP', ResourcePath: '/health', FailureThreshold: 2 },
  });
  await register(client, svc, 'up', { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(appPort) });
  await register(client, svc, 'dead', { AWS_INSTANCE_IPV4: '127.0.0.2', AWS_INSTANCE_PORT: String(await closedPort()) });
  const checker = new InstanceHealthChecker({ store: server.store, probe: networkProbe, clock: systemClock, log: new LogRegistry('off').get('test') });
  const health = async () => (await client.send(new GetInstancesHealthStatusCommand({ ServiceId: svc }))).Status;

  assert.deepEqual(await health(), { dead: 'HEALTHY', up: 'HEALTHY' }, 'HEALTHY before any check');
  await checker.runOnce();
  assert.deepEqual(await health(), { dead: 'HEALTHY', up: 'HEALTHY' }, 'one failure is below the threshold of 2');
  await checker.runOnce();
  assert.deepEqual(await health(), { dead: 'UNHEALTHY', up: 'HEALTHY' });
  assert.deepEqual((await dig(server.dns, ['web.prod.eu'])).answer.map((r) => r.data), ['127.0.0.1']);
  const discovered = await client.send(new DiscoverInstancesCommand({ NamespaceName: 'prod.eu', ServiceName: 'web' }));
  assert.deepEqual(discovered.Instances?.map((i) => i.InstanceId), ['up']);

  status = 503;
  await checker.runOnce();
  await checker.runOnce();
  assert.deepEqual(await health(), { dead: 'UNHEALTHY', up: 'UNHEALTHY' }, 'a 503 fails the check');
  status = 302;
  await checker.runOnce();
  await checker.runOnce();
  assert.deepEqual(await health(), { dead: 'UNHEALTHY', up: 'HEALTHY' }, 'a redirect passes, after as many passes as the threshold');
});

test('HealthCheckConfig: TCP checks, run on a timer by the component until it is closed', async (t) => {
  const tcp = createTcpServer((socket) => socket.end());
  const port = await listen(tcp);
  t.after(() => tcp.close());
  const server = await startDiscoveryServer(t, { withDns: false });
  const client = server.client();
  const ns = await privateNamespace(client, 'prod.eu');
  const svc = await service(client, { Name: 'db', NamespaceId: ns, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] }, HealthCheckConfig: { Type: 'TCP' } });
  await register(client, svc, 'open', { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(port) });
  await register(client, svc, 'closed', { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(await closedPort()) });

  const flipped = new Promise<void>((resolve) => {
    const stop = server.store.watch(server.store.revision(), (events) => {
      if (events.some((e) => e.kind === 'cloudmap.Instance' && (e.object?.value as { checkedHealth?: string } | undefined)?.checkedHealth === 'UNHEALTHY')) {
        stop();
        resolve();
      }
    });
  });
  const checker = new InstanceHealthChecker({ store: server.store, probe: networkProbe, clock: systemClock, log: new LogRegistry('off').get('test'), intervalMs: 50 });
  await checker.start();
  t.after(() => checker.destroy());
  await Promise.race([flipped, new Promise((_, reject) => setTimeout(() => reject(new Error('no health flip within 5 s')), 5000).unref())]);
  await checker.close();
  assert.deepEqual((await client.send(new GetInstancesHealthStatusCommand({ ServiceId: svc }))).Status, { closed: 'UNHEALTHY', open: 'HEALTHY' });
});
