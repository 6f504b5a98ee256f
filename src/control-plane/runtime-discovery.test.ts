/**
 * The control-plane runtime serves the Cloud Map API on its HTTP port and the DNS server beside it,
 * forwarding other names to the configured upstream.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetServiceCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { DEFAULT_ARN_CONFIG } from '../api/arn.js';
import { systemClock } from '../core/clock.js';
import { LogRegistry } from '../core/log.js';
import { register as registerStoreBackends } from '../store/backends.js';
import { StoreResourceManager } from './manager/store-manager.js';
import { ControlPlaneRuntime } from './runtime.js';
import { privateNamespace, register, service } from '../../test/support/cloudmap-fixtures.js';
import { startDiscoveryServer, TEST_CREDENTIALS } from '../../test/support/cloudmap-server.js';
import { dig, digMissing } from '../../test/support/dig.js';

test('runtime: Cloud Map on the HTTP port, DNS on its own port, forwarding to the upstream', { skip: digMissing() }, async (t) => {
  const upstream = await startDiscoveryServer(t);
  const up = upstream.client();
  const www = await service(up, { Name: 'www', NamespaceId: await privateNamespace(up, 'example.org'), DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 42 }] } });
  await register(up, www, 'w', { AWS_INSTANCE_IPV4: '203.0.113.7' });

  registerStoreBackends();
  const dataDir = mkdtempSync(join(tmpdir(), 'meshwork-runtime-'));
  const runtime = new ControlPlaneRuntime({
    http: { host: '127.0.0.1', port: 0 },
    xds: { host: '127.0.0.1', port: 0 },
    dns: { host: '127.0.0.1', port: 0 },
    dnsUpstream: upstream.dns,
    dataDir,
    arn: DEFAULT_ARN_CONFIG,
    logs: new LogRegistry('off'),
    clock: systemClock,
    createManager: (store, arn, clock) => new StoreResourceManager({ store, arn, clock }),
  });
  await runtime.start();
  t.after(async () => {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const address = (name: string) => runtime.addresses().find((a) => a.name === name)?.address ?? assert.fail(`no ${name} address`);
  const dnsAddress = /^udp\+tcp 127\.0\.0\.1:(\d+)$/.exec(address('dns'));
  assert.ok(dnsAddress, `dns address: ${address('dns')}`);
  const dns = { host: '127.0.0.1', port: Number(dnsAddress[1]) };

  const client = new ServiceDiscoveryClient({ endpoint: `http://${address('http')}`, region: 'eu-central-1', credentials: TEST_CREDENTIALS, disableHostPrefix: true, maxAttempts: 1 });
  t.after(() => client.destroy());
  const ns = await privateNamespace(client, 'prod.eu');
  const myapp = await service(client, { Name: 'myapp', NamespaceId: ns, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 300 }] } });
  await register(client, myapp, 'a', { AWS_INSTANCE_IPV4: '192.168.88.141' });
  const { Service } = await client.send(new GetServiceCommand({ Id: myapp }));
  assert.equal(Service?.Arn, `arn:aws:servicediscovery:eu-central-1:000000000000:service/${myapp}`, 'ARNs follow the runtime ARN configuration');

  assert.deepEqual((await dig(dns, ['myapp.prod.eu'])).answer.map((r) => `${r.ttl} ${r.data}`), ['300 192.168.88.141']);
  assert.deepEqual((await dig(dns, ['www.example.org'])).answer.map((r) => `${r.ttl} ${r.data}`), ['42 203.0.113.7']);
});
