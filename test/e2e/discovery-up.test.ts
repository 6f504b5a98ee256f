/** `meshwork up` as a real process serves the Cloud Map API and DNS; a bad --dns-upstream is refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { privateNamespace, register, service } from '../support/cloudmap-fixtures.js';
import { TEST_CREDENTIALS } from '../support/cloudmap-server.js';
import { dig, digMissing } from '../support/dig.js';
import { runCli, startControlPlane } from '../support/meshwork-process.js';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-up-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('meshwork up: Cloud Map API on the HTTP port, answers on the DNS port it prints', { skip: digMissing() }, async (t) => {
  const cp = await startControlPlane(t, tempDir(t));
  const dnsLine = /^dns listening on udp\+tcp (\S+):(\d+)$/m.exec(cp.output());
  assert.ok(dnsLine, `no dns line in: ${cp.output()}`);
  const dns = { host: dnsLine[1]!, port: Number(dnsLine[2]) };
  const client = new ServiceDiscoveryClient({ endpoint: cp.url, region: 'eu-central-1', credentials: TEST_CREDENTIALS, disableHostPrefix: true, maxAttempts: 1 });
  t.after(() => client.destroy());
  const ns = await privateNamespace(client, 'prod.eu');
  const myapp = await service(client, { Name: 'myapp', NamespaceId: ns, DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 300 }] } });
  await register(client, myapp, 'blue-v1-12', { AWS_INSTANCE_IPV4: '192.168.88.141' });
  const answer = await dig(dns, ['myapp.prod.eu']);
  assert.deepEqual(answer.answer.map((r) => `${r.name} ${r.ttl} ${r.type} ${r.data}`), ['myapp.prod.eu. 300 A 192.168.88.141']);
  assert.equal((await dig(dns, ['www.example.org'])).status, 'REFUSED', 'no upstream: other names are refused');
});

test('meshwork up --dns-upstream with a value that is not HOST[:PORT] exits with a clear error', async (t) => {
  const run = await runCli(['up', '--http', '127.0.0.1:0', '--xds', '127.0.0.1:0', '--dns', '127.0.0.1:0', '--data-dir', tempDir(t), '--dns-upstream', '10.0.0.1:dns']);
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /dns-upstream: "10\.0\.0\.1:dns" is not HOST\[:PORT\]/);
});
