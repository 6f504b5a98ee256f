import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { GREEN_WORLD, startWorkloadsControlPlane } from '../../../test/support/workloads-control-plane.js';
import { standInSidecar } from '../../../test/support/stand-in-sidecar.js';
import { CapturedOutput } from '../../../test/support/output.js';
import { WorkloadsClient } from '../workloads-client.js';
import { WorkloadRunner } from '../runner/workload-runner.js';
import { ForbiddenError } from '../../core/errors.js';
import { checkTransparentSupport, TransparentNetwork } from './network.js';

function supported(): string | undefined {
  try {
    checkTransparentSupport();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const skip = supported();

function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(JSON.parse(body)));
    })
      .on('error', reject)
      .end();
  });
}

// An app that ignores proxy variables: it listens on its listener port, and on GET /call calls an
// outside address directly and answers with what it got back.
const APP = `
const http = require('http');
http.createServer((q, s) => {
  if (q.url !== '/call') return s.end(JSON.stringify({ id: 'green' }));
  http.get('http://198.51.100.7:8080/id', (r) => { let b = ''; r.on('data', (c) => b += c); r.on('end', () => s.end(b)); })
    .on('error', (e) => s.end(JSON.stringify({ failed: e.message })));
}).listen(Number(process.env.PORT), '0.0.0.0', () => console.log('listening on', process.env.PORT, 'proxy', process.env.HTTP_PROXY ?? 'none'));`;

test('transparent mode: the app runs in its own namespace on its listener port, and its direct calls reach the sidecar egress', { skip }, async (t) => {
  const cp = await startWorkloadsControlPlane(GREEN_WORLD);
  t.after(() => cp.close());
  const out = new CapturedOutput();
  const runner = new WorkloadRunner({
    client: new WorkloadsClient(cp.url),
    xds: '127.0.0.1:1',
    namespace: 'green',
    labels: { 'app.kubernetes.io/name': 'green-v1' },
    command: [process.execPath, '-e', APP],
    sidecar: standInSidecar,
    env: process.env,
    stdout: out,
    stderr: out,
    network: TransparentNetwork.create({ dns: '127.0.0.1:7753' }),
  });
  t.after(() => runner.destroy());
  await runner.start();
  const w = runner.workload!;
  assert.match(w.address, /^100\.66\.\d+\.\d+$/);
  await out.waitFor(/\[green-v1-\d+ app\] listening on 8081 proxy none$/m);
  // Ingress: the sidecar on the workload address reaches the app inside the namespace.
  assert.deepEqual(await getJson(`http://${w.address}:8081/id`), { id: 'green' });
  // Egress: the app's direct connection to an outside address was sent to the sidecar's egress listener.
  assert.deepEqual(await getJson(`http://${w.address}:8081/call`), { via: 'stand-in egress', host: '198.51.100.7:8080' });
  const netns = `meshwork-${w.address.split('.').slice(2).join('-')}`;
  assert.match(execFileSync('ip', ['netns', 'list']).toString(), new RegExp(`^${netns}\\b`, 'm'));

  await runner.close();
  assert.doesNotMatch(execFileSync('ip', ['netns', 'list']).toString(), new RegExp(`^${netns}\\b`, 'm'));
});

test('without root, transparent mode refuses with what it needs and the way out', () => {
  assert.throws(
    () => checkTransparentSupport(65534),
    (err: unknown) =>
      err instanceof ForbiddenError &&
      /^meshwork run --transparent needs root \(CAP_SYS_ADMIN and CAP_NET_ADMIN\) to create a network namespace, a veth pair and iptables rules; run it with sudo, or leave out --transparent/.test(err.message),
  );
});
