/**
 * Local mode as a user runs it: `meshwork up`, the chapter's manifests applied with the real CLI, and
 * `meshwork run` as child processes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Resolver } from 'node:dns/promises';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { runCli, startWorkload } from '../support/meshwork-process.js';
import { WEBAPP_EXAMPLE } from '../support/paths.js';
import { startChapterControlPlane } from '../support/chapter-control-plane.js';

const COLOR_APP = join(WEBAPP_EXAMPLE, 'apps', 'color-app.mjs');

/** GET `url` through an HTTP proxy (a sidecar's egress listener), the way HTTP_PROXY clients send it. */
function proxiedGet(proxyHost: string, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: proxyHost, port: 15001, path: url, headers: { host: new URL(url).host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the chapter in local mode: placement errors, replicas with real sidecars, DNS for Service names, a consumer through its sidecar, a killed replica gone at once, a new one taking traffic within a second', async (t) => {
  // The chapter up to the consumer node, in one apply (04 carries the namespaces with their mesh labels).
  const { cp, xds, dns } = await startChapterControlPlane(t, 'meshwork-local-');

  // Labels no virtual node selects: one line naming the candidates; a namespace never applied: says so.
  const wrong = await runCli(['run', '--server', cp.url, '-n', 'green', '-l', 'app.kubernetes.io/name=purple', '--', process.execPath, COLOR_APP, 'green']);
  assert.equal(wrong.code, 1);
  assert.equal(
    wrong.stderr,
    'error: no virtual node or virtual gateway selects workload with labels app.kubernetes.io/name=purple in namespace green; ' +
      'candidates in that namespace: VirtualNode green-v1 (green-v1_green, podSelector app.kubernetes.io/name=green-v1)\n',
  );
  const outside = await runCli(['run', '--server', cp.url, '-n', 'default', '-l', 'app=x', '--', 'true']);
  assert.equal(outside.code, 1);
  assert.match(outside.stderr, /^error: cannot place workload with labels app=x in namespace default: namespace default has not been applied/);

  const common = ['--server', cp.url, '--xds', xds];
  const workload = (ns: string, name: string, ...command: string[]) =>
    startWorkload(t, [...common, '-n', ns, '-l', `app.kubernetes.io/name=${name}`, '--', ...command]);
  const green1 = workload('green', 'green-v1', process.execPath, COLOR_APP, 'green');
  const green2 = workload('green', 'green-v1', process.execPath, COLOR_APP, 'green');
  const blue = workload('blue', 'blue-v1', process.execPath, COLOR_APP, 'blue');
  const addressOf = async (w: ReturnType<typeof workload>) => {
    const m = await w.output.waitFor(/^\[(green-v1-\d+|blue-v1-\d+) run\] virtualNode \S+ in mesh webapp, address (\S+)$/m, 20_000);
    await w.output.waitFor(/ run\] ready and registered as /, 20_000);
    return { name: m[1]!, address: m[2]! };
  };
  const [g1, g2] = await Promise.all([addressOf(green1), addressOf(green2), addressOf(blue)]);

  // Kubernetes Service names resolve to the running replicas, as in the cluster.
  const resolver = new Resolver();
  const [dnsHost, dnsPort] = [dns.slice(0, dns.lastIndexOf(':')), dns.slice(dns.lastIndexOf(':') + 1)];
  resolver.setServers([`${dnsHost}:${dnsPort}`]);
  assert.deepEqual((await resolver.resolve4('green-v1.green.svc.cluster.local')).sort(), [g1!.address, g2!.address].sort());

  // The consumer's app calls the virtual services by name through its sidecar (HTTP_PROXY).
  const consumer = await runCli([...['run', ...common], '-n', 'consumer', '-l', 'app.kubernetes.io/name=consumer', '--', 'curl', '-s', '--max-time', '5', 'http://blue.blue.svc.cluster.local:8080/id']);
  assert.equal(consumer.code, 0, consumer.stderr);
  assert.match(consumer.stdout, /^\[consumer-\d+ app\] \{"id":"blue"\}$/m);

  // A long-running consumer; the test sends requests through its sidecar's egress listener, as its app would.
  const sleeper = startWorkload(t, [...common, '-n', 'consumer', '-l', 'app.kubernetes.io/name=consumer', '--', process.execPath, '-e', 'setInterval(() => {}, 1 << 30)']);
  const consumerAddress = (await sleeper.output.waitFor(/^\[consumer-\d+ run\] virtualNode \S+ in mesh webapp, address (\S+)$/m, 20_000))[1]!;
  await sleeper.output.waitFor(/ run\] ready and registered as /, 20_000);
  const viaConsumer = () => proxiedGet(consumerAddress, 'http://green.green.svc.cluster.local:8081/id');
  for (let i = 0; i < 10; i++) assert.deepEqual(await viaConsumer(), { status: 200, body: '{"id":"green"}' });

  // A replica killed hard (runner and all) leaves DNS and the endpoints at once: no grace period.
  green1.child.kill('SIGKILL');
  await green1.exited;
  const deadline = Date.now() + 2000;
  let left: string[] = [];
  do left = await resolver.resolve4('green-v1.green.svc.cluster.local');
  while (left.length !== 1 && Date.now() < deadline);
  assert.deepEqual(left, [g2!.address]);
  for (let i = 0; i < 20; i++) assert.deepEqual(await viaConsumer(), { status: 200, body: '{"id":"green"}' });

  // A new replica takes traffic within a second of becoming ready.
  const green3 = workload('green', 'green-v1', process.execPath, COLOR_APP, 'green');
  await green3.output.waitFor(/ run\] ready and registered as /, 20_000);
  const readyAt = Date.now();
  let reached = false;
  void green3.output.waitFor(/ app\] GET \/id 200$/m, 5000).then(() => (reached = true), () => undefined);
  while (!reached && Date.now() - readyAt < 1000) await viaConsumer();
  assert.ok(reached, 'the new replica got a request within a second of registering');

  // Ctrl-C: the replica deregisters, stops both children and exits 0.
  green2.child.kill('SIGINT');
  assert.equal(await green2.exited, 0);
  assert.ok(!(await resolver.resolve4('green-v1.green.svc.cluster.local')).includes(g2!.address));

  // North-south: the chapter's router and gateway; the gateway runs as a workload with no app and is
  // published on another local port, the stand-in for the chapter's load balancer.
  const more = await runCli(['apply', '--server', cp.url, '-f', join(WEBAPP_EXAMPLE, '08-router.yaml'), join(WEBAPP_EXAMPLE, '09-consumer-node-myapp.yaml'), join(WEBAPP_EXAMPLE, '11-gateway.yaml')]);
  assert.equal(more.code, 0, more.stderr);
  const port = await freePort();
  const gateway = startWorkload(t, [...common, '-n', 'internet', '-l', 'app=in-gw', '--publish', `127.0.0.1:${port}`]);
  await gateway.output.waitFor(/^\[in-gw-\d+ run\] published on 127\.0\.0\.1:\d+ → 127\.0\.\d+\.\d+:8088$/m, 20_000);
  const viaGateway = await new Promise<string>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/id' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
  assert.equal(viaGateway, '{"id":"green"}', 'the router sends 100% to green-v1');

  // The chapter's `curl -s http://myapp.consumer.svc.cluster.local:8085/id`, from inside a consumer workload.
  const myapp = await runCli([...['run', ...common], '-n', 'consumer', '-l', 'app.kubernetes.io/name=consumer', '--', 'curl', '-s', '--max-time', '5', 'http://myapp.consumer.svc.cluster.local:8085/id']);
  assert.equal(myapp.code, 0, myapp.stderr);
  assert.match(myapp.stdout, /^\[consumer-\d+ app\] \{"id":"green"\}$/m);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
