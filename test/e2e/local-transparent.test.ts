/**
 * Transparent mode as a user runs it (Linux, root): `meshwork up`, the chapter's manifests, and
 * `meshwork run --transparent` for a provider (green) and a consumer whose app ignores proxy variables
 * and calls the virtual service by name with a plain socket. Both run as pods: app and sidecar in a
 * network namespace with proxyinit's rules. A plain local-mode workload (blue) is reachable from them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { runCli, startControlPlane, startWorkload, type RunningWorkload } from '../support/meshwork-process.js';
import { WEBAPP_EXAMPLE } from '../support/paths.js';
import { checkTransparentSupport } from '../../src/local/transparent/network.js';

const COLOR_APP = join(WEBAPP_EXAMPLE, 'apps', 'color-app.mjs');

function unsupported(): string | undefined {
  try {
    checkTransparentSupport();
    return undefined;
  } catch (err) {
    return `transparent mode cannot run here: ${err instanceof Error ? err.message : String(err)}`;
  }
}

// The consumer's app: it ignores proxy variables (none are set, and it uses no agent) and, on GET
// /call?host=H&port=P, calls http://H:P/id with a plain socket and answers with what came back.
const CONSUMER_APP = `
const http = require('http');
http.createServer((q, s) => {
  const u = new URL(q.url, 'http://x');
  if (u.pathname !== '/call') return s.end('consumer');
  http.get({ host: u.searchParams.get('host'), port: Number(u.searchParams.get('port')), path: '/id', agent: false }, (r) => {
    let b = '';
    r.on('data', (c) => (b += c));
    r.on('end', () => s.end(b));
  }).on('error', (e) => s.end(JSON.stringify({ failed: e.message })));
}).listen(Number(process.env.PORT), process.env.HOST, () => console.log('consumer listening on ' + process.env.HOST + ':' + process.env.PORT + ' proxy ' + (process.env.HTTP_PROXY ?? 'none')));`;

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

/** One counter from an admin `/stats` (0 when absent). */
async function stat(admin: string, name: string): Promise<number> {
  const { body } = await get(`http://${admin}/stats?filter=${encodeURIComponent(`^${name.replace(/[.]/g, '\\.')}$`)}`);
  const m = new RegExp(`^${name.replace(/[.]/g, '\\.')}: (\\d+)$`, 'm').exec(body);
  return m ? Number(m[1]) : 0;
}

const netnsList = (): string => execFileSync('ip', ['netns', 'list']).toString();
const netnsOf = (address: string): string => `meshwork-${address.split('.').slice(2).join('-')}`;

async function gone(netns: string, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  const hostEnd = netns.replace('meshwork-', 'mwh-');
  for (;;) {
    const links = execFileSync('ip', ['-o', 'link', 'show']).toString();
    if (!new RegExp(`^${netns}\\b`, 'm').test(netnsList()) && !links.includes(` ${hostEnd}@`)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function placed(w: RunningWorkload, name: string): Promise<string> {
  const m = await w.output.waitFor(new RegExp(`^\\[(${name}-\\d+) run\\] virtualNode \\S+ in mesh webapp, address (\\S+)$`, 'm'), 20_000);
  await w.output.waitFor(/ run\] ready and registered as /, 20_000);
  return m[2]!;
}

test('transparent mode: pods with proxyinit rules; a consumer that ignores HTTP_PROXY reaches green and a plain local-mode blue through both sidecars; namespaces gone after exit and after SIGKILL', { skip: unsupported() }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshwork-transparent-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const cp = await startControlPlane(t, dataDir);
  const xds = /^xds listening on (\S+)$/m.exec(cp.output())![1]!;
  const dns = /^dns listening on (?:udp\+tcp )?(\S+)$/m.exec(cp.output())![1]!;
  const files = ['04-namespace-labels.yaml', '02-services.yaml', '03-mesh.yaml', '05-virtual-nodes.yaml', '06-virtual-services.yaml', '07-consumer-node.yaml'];
  const applied = await runCli(['apply', '--server', cp.url, '-f', ...files.map((f) => join(WEBAPP_EXAMPLE, f))]);
  assert.equal(applied.code, 0, applied.stderr);

  const common = ['--server', cp.url, '--xds', xds, '--dns', dns];
  const green = startWorkload(t, [...common, '--transparent', '-n', 'green', '-l', 'app.kubernetes.io/name=green-v1', '--', process.execPath, COLOR_APP, 'green']);
  const blue = startWorkload(t, [...common, '-n', 'blue', '-l', 'app.kubernetes.io/name=blue-v1', '--', process.execPath, COLOR_APP, 'blue']);
  const [greenIp, blueIp] = await Promise.all([placed(green, 'green-v1'), placed(blue, 'blue-v1')]);
  assert.match(greenIp, /^100\.67\.\d+\.\d+$/, 'a transparent workload is registered at its namespace address');
  assert.match(blueIp, /^127\.\d+\.\d+\.\d+$/);
  // The app listens on its listener port in its namespace, on every address there (HOST=0.0.0.0).
  await green.output.waitFor(/ app\] green listening on 0\.0\.0\.0:8081$/m, 5000);

  const consumer = startWorkload(t, [...common, '--transparent', '-n', 'consumer', '-l', 'app.kubernetes.io/name=consumer', '--', process.execPath, '-e', CONSUMER_APP]);
  const consumerIp = await placed(consumer, 'consumer');
  await consumer.output.waitFor(/ app\] consumer listening on 0\.0\.0\.0:8082 proxy none$/m, 5000);

  // The rules are proxyinit's, in each namespace.
  for (const [ip, appPort] of [[greenIp, 8081], [consumerIp, 8082]] as const) {
    const nat = execFileSync('ip', ['netns', 'exec', netnsOf(ip), 'iptables-save', '-t', 'nat']).toString();
    assert.ok(nat.includes(`-A APPMESH_INGRESS -p tcp -m multiport --dports ${appPort} -j REDIRECT --to-ports 15000`), nat);
    assert.ok(nat.includes('-A APPMESH_EGRESS -p tcp -j REDIRECT --to-ports 15001'), nat);
    assert.ok(nat.includes('-A APPMESH_EGRESS -m owner --gid-owner 1337 -j RETURN'), nat);
  }

  // consumer app → (OUTPUT redirect) consumer sidecar :15001 → green's pod IP :8081 → (PREROUTING
  // redirect) green sidecar :15000 → green app on 127.0.0.1:8081.
  const consumerAdmin = `${consumerIp}:9901`;
  const greenAdmin = `${greenIp}:9901`;
  const egressGreen = 'cluster.cds_egress_webapp_green-v1_green_http_8081.upstream_rq_total';
  const ingressGreen = 'cluster.cds_ingress_webapp_green-v1_green_http_8081.upstream_rq_total';
  const before = { egress: await stat(consumerAdmin, egressGreen), ingress: await stat(greenAdmin, ingressGreen), listener: await stat(greenAdmin, 'listener.0.0.0.0_15000.downstream_cx_total') };
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(await get(`http://${consumerIp}:8082/call?host=green.green.svc.cluster.local&port=8081`), { status: 200, body: '{"id":"green"}' });
  }
  assert.equal(await stat(consumerAdmin, egressGreen), before.egress + 3, 'the consumer sidecar sent them to green');
  assert.equal(await stat(greenAdmin, ingressGreen), before.ingress + 3, 'green\'s sidecar passed them to its app');
  assert.ok((await stat(greenAdmin, 'listener.0.0.0.0_15000.downstream_cx_total')) > before.listener, 'through green\'s 15000 listener');

  // A plain local-mode workload on the host's loopback, from inside a namespace.
  const egressBlue = 'cluster.cds_egress_webapp_blue-v1_blue_http_8080.upstream_rq_total';
  const blueBefore = await stat(consumerAdmin, egressBlue);
  assert.deepEqual(await get(`http://${consumerIp}:8082/call?host=blue.blue.svc.cluster.local&port=8080`), { status: 200, body: '{"id":"blue"}' });
  assert.equal(await stat(consumerAdmin, egressBlue), blueBefore + 1);

  // SIGKILL of the runner: its reaper removes the namespace, the veth and (with them) the rules.
  consumer.child.kill('SIGKILL');
  await consumer.exited;
  assert.ok(await gone(netnsOf(consumerIp), 5000), `${netnsOf(consumerIp)} removed after SIGKILL:\n${netnsList()}`);
  // Ctrl-C: a clean stop, the same clean-up.
  green.child.kill('SIGINT');
  assert.equal(await green.exited, 0);
  assert.ok(await gone(netnsOf(greenIp), 5000), `${netnsOf(greenIp)} removed after exit:\n${netnsList()}`);
});
