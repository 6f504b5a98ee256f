/**
 * The check: a green replica killed under load. The chapter's mesh, two green replicas and a
 * consumer as `meshwork run` workloads, ten request loops through the consumer's sidecar (as its app's
 * HTTP_PROXY calls would go) while one replica's runner is killed: every request succeeds, and the
 * instance leaves discovery (DNS and the consumer sidecar's /clusters) within a bounded time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Resolver } from 'node:dns/promises';
import { Agent, request } from 'node:http';
import { startWorkload, type RunningWorkload } from '../support/meshwork-process.js';
import { WEBAPP_EXAMPLE } from '../support/paths.js';
import { startChapterControlPlane } from '../support/chapter-control-plane.js';

const COLOR_APP = join(WEBAPP_EXAMPLE, 'apps', 'color-app.mjs');
const LOOPS = 10;
/** Each loop's pause between requests: a steady stream (up to ~200 requests/s) that leaves CPU for the rest of the suite. */
const PACE_MS = 50;

interface Outcome {
  readonly status: number;
  readonly body: string;
  readonly flags: string | undefined;
}

/** GET through the consumer sidecar's egress listener, in absolute form, as HTTP_PROXY clients send it. */
function viaProxy(agent: Agent, proxyHost: string, url: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request({ agent, host: proxyHost, port: 15001, path: url, headers: { host: new URL(url).host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, flags: res.headers['x-meshwork-response-flags'] as string | undefined }));
    });
    req.on('error', (err) => resolve({ status: 0, body: err.message, flags: undefined }));
    req.end();
  });
}

/** LOOPS concurrent request loops until `stop()`; every outcome that is not 200 {"id":"green"} is kept. */
function load(proxyHost: string): { completed: () => number; stop: () => Promise<{ total: number; failures: Outcome[]; slowestMs: number }> } {
  const agent = new Agent({ keepAlive: true, maxSockets: LOOPS });
  let running = true;
  let total = 0;
  let slowestMs = 0;
  const failures: Outcome[] = [];
  const loops = Array.from({ length: LOOPS }, async () => {
    while (running) {
      const started = Date.now();
      const r = await viaProxy(agent, proxyHost, 'http://green.green.svc.cluster.local:8081/id');
      slowestMs = Math.max(slowestMs, Date.now() - started);
      total++;
      if (r.status !== 200 || r.body !== '{"id":"green"}') failures.push(r);
      await new Promise((resolve) => setTimeout(resolve, PACE_MS));
    }
  });
  return {
    completed: () => total,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return { total, failures, slowestMs };
    },
  };
}

async function until(what: string, check: () => Promise<boolean>, deadlineMs: number): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > deadlineMs) assert.fail(`${what} within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
}

async function clusterHosts(admin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(`http://${admin}/clusters`, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

test('a green replica killed under load (SIGKILL of its runner, then SIGTERM of another): every request succeeds, and the instance leaves DNS and the consumer sidecar at once', async (t) => {
  const { cp, xds, dns } = await startChapterControlPlane(t, 'meshwork-load-');
  const resolver = new Resolver();
  resolver.setServers([dns]);

  const common = ['--server', cp.url, '--xds', xds];
  const replica = async (): Promise<{ w: RunningWorkload; address: string }> => {
    const w = startWorkload(t, [...common, '-n', 'green', '-l', 'app.kubernetes.io/name=green-v1', '--', process.execPath, COLOR_APP, 'green']);
    const m = await w.output.waitFor(/^\[green-v1-\d+ run\] virtualNode \S+ in mesh webapp, address (\S+)$/m, 20_000);
    await w.output.waitFor(/ run\] ready and registered as /, 20_000);
    return { w, address: m[1]! };
  };
  const [green1, green2] = await Promise.all([replica(), replica()]);
  const consumer = startWorkload(t, [...common, '-n', 'consumer', '-l', 'app.kubernetes.io/name=consumer', '--', process.execPath, '-e', 'setInterval(() => {}, 1 << 30)']);
  const consumerAddress = (await consumer.output.waitFor(/^\[consumer-\d+ run\] virtualNode \S+ in mesh webapp, address (\S+)$/m, 20_000))[1]!;
  await consumer.output.waitFor(/ run\] ready and registered as /, 20_000);
  const admin = `${consumerAddress}:9901`;
  const endpoint = (a: string) => `cds_egress_webapp_green-v1_green_http_8081::${a}:8081::`;
  await until('the consumer sidecar knows both replicas', async () => {
    const c = await clusterHosts(admin);
    return c.includes(endpoint(green1.address)) && c.includes(endpoint(green2.address));
  }, 5000);

  const killUnderLoad = async (victim: { w: RunningWorkload; address: string }, survivor: string, signal: NodeJS.Signals) => {
    const started = Date.now();
    const running = load(consumerAddress);
    // Requests are flowing, to both replicas, before the kill.
    await victim.w.output.waitFor(/ app\] GET \/id 200$/m, 5000);
    await until('the load is running', async () => running.completed() >= 2 * LOOPS, 10_000);
    t.diagnostic(`${signal} after ${Date.now() - started} ms of load`);
    victim.w.child.kill(signal);
    await victim.w.exited;
    const dnsMs = await until(`${victim.address} leaves DNS (${signal})`, async () => (await resolver.resolve4('green-v1.green.svc.cluster.local')).join() === survivor, 3000);
    const edsMs = await until(`${victim.address} leaves the consumer sidecar's /clusters (${signal})`, async () => !(await clusterHosts(admin)).includes(endpoint(victim.address)), 3000);
    // Keep the load on until every loop has had a couple more requests, on the survivor alone.
    const mark = running.completed();
    await until('requests keep flowing to the survivor', async () => running.completed() >= mark + 2 * LOOPS, 10_000);
    const { total, failures, slowestMs } = await running.stop();
    t.diagnostic(`${signal}: ${total} requests (slowest ${slowestMs} ms), out of DNS after ${dnsMs} ms, out of the sidecar after ${edsMs} ms`);
    assert.deepEqual(failures, [], `every request succeeded (${signal})`);
  };

  await killUnderLoad(green1, green2.address, 'SIGKILL');
  const green3 = await replica();
  await until('the consumer sidecar knows the new replica', async () => (await clusterHosts(admin)).includes(endpoint(green3.address)), 5000);
  await killUnderLoad(green2, green3.address, 'SIGTERM');
  assert.equal(await green2.w.exited, 0);
});
