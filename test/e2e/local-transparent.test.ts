/**
 * Transparent mode as a user runs it (Linux, root): `meshwork up`, the chapter's manifests, and
 * `meshwork run --transparent` for a provider (green) and a consumer whose app ignores proxy variables
 * and calls the virtual service by name with a plain socket. Both run as pods: app and sidecar in a
 * network namespace with proxyinit's rules. A plain local-mode workload (blue) is reachable from them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'node:http';
import { runCli, startWorkload, type RunningWorkload } from '../support/meshwork-process.js';
import { WEBAPP_EXAMPLE } from '../support/paths.js';
import { startChapterControlPlane } from '../support/chapter-control-plane.js';
import { freePort } from '../support/proxy-harness.js';
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
// /call?host=H&port=P, calls http://H:P/id with a plain socket and answers with what came back; on
// GET /tcp?host=H&port=P it sends "ping" over a raw TCP connection and answers with the reply.
const CONSUMER_APP = `
const http = require('http');
const net = require('net');
http.createServer((q, s) => {
  const u = new URL(q.url, 'http://x');
  if (u.pathname === '/tcp') {
    let b = '';
    const c = net.connect(Number(u.searchParams.get('port')), u.searchParams.get('host'), () => c.write('ping'));
    c.on('data', (d) => (b += d));
    c.on('close', () => s.end(b));
    c.on('error', (e) => (b = JSON.stringify({ failed: e.message })));
    return;
  }
  if (u.pathname !== '/call') return s.end('consumer');
  http.get({ host: u.searchParams.get('host'), port: Number(u.searchParams.get('port')), path: '/id', agent: false }, (r) => {
    let b = '';
    r.on('data', (c) => (b += c));
    r.on('end', () => s.end(b));
  }).on('error', (e) => s.end(JSON.stringify({ failed: e.message })));
}).listen(Number(process.env.PORT), process.env.HOST, () => console.log('consumer listening on ' + process.env.HOST + ':' + process.env.PORT + ' proxy ' + (process.env.HTTP_PROXY ?? 'none')));`;

// A TCP virtual node in the chapter's mesh, as a consumer backend: its app answers "echo:<what it got>".
const TCP_ECHO_MANIFESTS = `
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: { name: tcp-echo-v1, namespace: green }
spec:
  podSelector: { matchLabels: { app.kubernetes.io/name: tcp-echo-v1 } }
  listeners: [{ portMapping: { port: 7000, protocol: tcp } }]
  serviceDiscovery: { dns: { hostname: tcp-echo-v1.green.svc.cluster.local } }
---
apiVersion: v1
kind: Service
metadata: { name: tcp-echo-v1, namespace: green }
spec: { ports: [{ port: 7000, protocol: TCP }], selector: { app.kubernetes.io/name: tcp-echo-v1 } }
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualService
metadata: { name: tcp-echo, namespace: green }
spec:
  awsName: tcp-echo.green.svc.cluster.local
  provider: { virtualNode: { virtualNodeRef: { name: tcp-echo-v1, namespace: green } } }
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: { name: consumer, namespace: consumer }
spec:
  podSelector: { matchLabels: { app.kubernetes.io/name: consumer } }
  listeners: [{ portMapping: { port: 8082, protocol: http } }]
  backends:
    - virtualService: { virtualServiceRef: { namespace: blue, name: blue } }
    - virtualService: { virtualServiceRef: { namespace: green, name: green } }
    - virtualService: { virtualServiceRef: { namespace: green, name: tcp-echo } }
  serviceDiscovery: { dns: { hostname: consumer.consumer.svc.cluster.local } }
`;

const TCP_ECHO_APP = "require('net').createServer((c) => c.on('data', (d) => c.end('echo:' + d))).listen(Number(process.env.PORT), process.env.HOST, () => console.log('tcp-echo listening'))";

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

test('transparent mode: pods with proxyinit rules; a consumer that ignores HTTP_PROXY reaches green, a plain local-mode blue and a TCP node through the sidecars; a transparent gateway; namespaces gone after exit and after SIGKILL', { skip: unsupported() }, async (t) => {
  const { cp, xds, dns } = await startChapterControlPlane(t, 'meshwork-transparent-', { 'tcp-echo.yaml': TCP_ECHO_MANIFESTS });

  const common = ['--server', cp.url, '--xds', xds, '--dns', dns];
  const green = startWorkload(t, [...common, '--transparent', '-n', 'green', '-l', 'app.kubernetes.io/name=green-v1', '--', process.execPath, COLOR_APP, 'green']);
  const blue = startWorkload(t, [...common, '-n', 'blue', '-l', 'app.kubernetes.io/name=blue-v1', '--', process.execPath, COLOR_APP, 'blue']);
  const echo = startWorkload(t, [...common, '--transparent', '-n', 'green', '-l', 'app.kubernetes.io/name=tcp-echo-v1', '--', process.execPath, '-e', TCP_ECHO_APP]);
  const [greenIp, blueIp] = await Promise.all([placed(green, 'green-v1'), placed(blue, 'blue-v1'), placed(echo, 'tcp-echo-v1')]);
  await echo.output.waitFor(/ app\] tcp-echo listening$/m, 5000);
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

  // TCP: the consumer sidecar finds the original destination port (7000) of the redirected connection
  // in the namespace's connection tracking table, so the TCP chain for tcp-echo carries it.
  const egressEcho = 'cluster.cds_egress_webapp_tcp-echo-v1_green_tcp_7000.upstream_cx_total';
  const echoBefore = await stat(consumerAdmin, egressEcho);
  assert.deepEqual(await get(`http://${consumerIp}:8082/tcp?host=tcp-echo.green.svc.cluster.local&port=7000`), { status: 200, body: 'echo:ping' });
  assert.equal(await stat(consumerAdmin, egressEcho), echoBefore + 1);

  // The chapter's gateway as a transparent workload (no ingress redirect: its proxy serves 8088 itself),
  // published on the host, routing to green in its namespace.
  const more = await runCli(['apply', '--server', cp.url, '-f', join(WEBAPP_EXAMPLE, '08-router.yaml'), join(WEBAPP_EXAMPLE, '11-gateway.yaml')]);
  assert.equal(more.code, 0, more.stderr);
  const gateway = startWorkload(t, [...common, '--transparent', '-n', 'internet', '-l', 'app=in-gw', '--publish', `127.0.0.1:${await freePort()}`]);
  const published = await gateway.output.waitFor(/^\[in-gw-\d+ run\] published on (127\.0\.0\.1:\d+) → 100\.67\.\d+\.\d+:8088$/m, 20_000);
  assert.deepEqual(await get(`http://${published[1]}/id`), { status: 200, body: '{"id":"green"}' });
  gateway.child.kill('SIGTERM');
  assert.equal(await gateway.exited, 0);

  // SIGKILL of the runner: its reaper removes the namespace, the veth and (with them) the rules.
  consumer.child.kill('SIGKILL');
  await consumer.exited;
  assert.ok(await gone(netnsOf(consumerIp), 5000), `${netnsOf(consumerIp)} removed after SIGKILL:\n${netnsList()}`);
  // Ctrl-C: a clean stop, the same clean-up.
  green.child.kill('SIGINT');
  assert.equal(await green.exited, 0);
  assert.ok(await gone(netnsOf(greenIp), 5000), `${netnsOf(greenIp)} removed after exit:\n${netnsList()}`);
});
