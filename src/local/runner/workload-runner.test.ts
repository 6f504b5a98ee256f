import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { request } from 'node:http';
import { GATEWAY_WORLD, GREEN_WORLD, startWorkloadsControlPlane, type WorkloadsControlPlane } from '../../../test/support/workloads-control-plane.js';
import { standInSidecar } from '../../../test/support/stand-in-sidecar.js';
import { CapturedOutput } from '../../../test/support/output.js';
import { REPO_ROOT } from '../../../test/support/paths.js';
import { WorkloadsClient } from '../workloads-client.js';
import { WorkloadRunner, type WorkloadRunnerOptions } from './workload-runner.js';
import { createServer } from 'node:net';

const COLOR_APP = join(REPO_ROOT, 'examples/webapp/apps/color-app.mjs');

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

function runner(
  server: string,
  out: CapturedOutput,
  command: string[],
  labels: Record<string, string> = { 'app.kubernetes.io/name': 'green-v1' },
  extra: Partial<WorkloadRunnerOptions> = {},
): WorkloadRunner {
  return new WorkloadRunner({
    client: new WorkloadsClient(server),
    xds: '127.0.0.1:1',
    namespace: 'green',
    labels,
    command,
    sidecar: standInSidecar,
    env: process.env,
    stdout: out,
    stderr: out,
    readyTimeoutMs: 10_000,
    stopGraceMs: 2_000,
    ...extra,
  });
}

/** A started runner of a green-v1 workload against a fresh control plane; both are cleaned up after the test. */
async function startGreen(t: TestContext, command = [process.execPath, COLOR_APP, 'green']) {
  const cp = await startWorkloadsControlPlane(GREEN_WORLD);
  t.after(() => cp.close());
  const out = new CapturedOutput();
  const r = runner(cp.url, out, command);
  t.after(() => r.destroy());
  await r.start();
  return { cp, out, r };
}

/** Resolves once the registry satisfies `ok` after a change. */
function registryUntil(cp: WorkloadsControlPlane, ok: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const stop = cp.registry.onChange(() => {
      if (!ok()) return;
      stop();
      resolve();
    });
  });
}

test('a workload runs with its sidecar, is registered once ready, serves on its own address, and is deregistered on close', async (t) => {
  const { cp, out, r } = await startGreen(t);
  const [w] = cp.registry.list('green');
  assert.ok(w, 'workload registered');
  assert.match(w.name, /^green-v1-\d+$/);
  assert.match(w.address, /^127\.0\.\d+\.\d+$/);
  assert.notEqual(w.address, '127.0.0.1');
  assert.deepEqual(w.node, { meshName: 'webapp', kind: 'virtualNode', name: 'green-v1_green' });
  assert.equal(w.ports[0]?.port, 8081);
  assert.equal(w.health, 'HEALTHY');

  // The sidecar's inbound listener on <address>:8081 reaches the app on its private $PORT.
  const res = await get(`http://${w.address}:8081/id`);
  assert.deepEqual([res.status, JSON.parse(res.body)], [200, { id: 'green' }]);
  assert.deepEqual(JSON.parse((await get(`http://${w.address}:8081/query`)).body), { message: 'hello from green' });

  // Both logs are shown, each line prefixed with the instance and the role.
  await out.waitFor(new RegExp(`^\\[${w.name} app\\] green listening on ${w.address.replace(/\./g, '\\.')}:\\d+$`, 'm'));
  await out.waitFor(new RegExp(`^\\[${w.name} envoy\\] stand-in sidecar for mesh/webapp/virtualNode/green-v1_green ready$`, 'm'));
  await out.waitFor(new RegExp(`^\\[${w.name} app\\] GET /id 200$`, 'm'));

  await r.close();
  assert.equal(await r.done, 0);
  assert.deepEqual(cp.registry.list('green'), []);
  await assert.rejects(get(`http://${w.address}:8081/id`), /ECONNREFUSED/);
});

test('when the app is killed the runner deregisters, stops the sidecar and exits non-zero', async (t) => {
  const app = 'require("http").createServer().listen(process.env.PORT, process.env.HOST); console.log("pid", process.pid)';
  const { cp, out, r } = await startGreen(t, [process.execPath, '-e', app]);
  const w = r.workload!;
  assert.equal(cp.registry.list('green').length, 1);
  const pid = Number((await out.waitFor(/\bpid (\d+)$/m))[1]);

  const gone = registryUntil(cp, () => cp.registry.list('green').length === 0);
  process.kill(pid, 'SIGKILL');
  await gone;
  assert.equal(await r.done, 137);
  await out.waitFor(new RegExp(`^\\[${w.name} run\\] the app was killed by SIGKILL; stopping the sidecar$`, 'm'));
  await assert.rejects(get(`http://${w.address}:9901/ready`), /ECONNREFUSED/);
});

test('a workload registers again when the control plane comes back', async (t) => {
  const { cp, out, r } = await startGreen(t);
  const name = r.workload!.name;
  const back = registryUntil(cp, () => cp.registry.get('green', name) !== undefined);
  await cp.restartHttp();
  await back;
  await out.waitFor(new RegExp(`^\\[${name} run\\] registered again$`, 'm'));
  await r.close();
  assert.equal(cp.registry.get('green', name), undefined);
});

test('labels no virtual node selects fail with the candidates, and nothing is left behind', async (t) => {
  const cp = await startWorkloadsControlPlane(GREEN_WORLD);
  t.after(() => cp.close());
  const out = new CapturedOutput();
  const r = runner(cp.url, out, [process.execPath, COLOR_APP, 'green'], { 'app.kubernetes.io/name': 'purple' });
  await assert.rejects(
    r.start(),
    /no virtual node or virtual gateway selects workload with labels app\.kubernetes\.io\/name=purple in namespace green; candidates in that namespace: VirtualNode green-v1 \(green-v1_green, podSelector app\.kubernetes\.io\/name=green-v1\)/,
  );
  assert.equal(await r.done, 1);
  assert.deepEqual(cp.registry.list(), []);
});

test('an unreachable control plane is one clear error', async () => {
  const out = new CapturedOutput();
  const r = runner('http://127.0.0.1:1', out, ['true']);
  await assert.rejects(r.start(), /cannot reach the Meshwork control plane at http:\/\/127\.0\.0\.1:1: connection refused; start it with meshwork up/);
});

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

test('a workload can be published on another address, and stops being published when it stops', async (t) => {
  const cp = await startWorkloadsControlPlane(GREEN_WORLD);
  t.after(() => cp.close());
  const port = await freeLoopbackPort();
  const r = runner(cp.url, new CapturedOutput(), [process.execPath, COLOR_APP, 'green'], undefined, { publish: [{ listen: { host: '127.0.0.1', port } }] });
  t.after(() => r.destroy());
  await r.start();
  assert.deepEqual(JSON.parse((await get(`http://127.0.0.1:${port}/id`)).body), { id: 'green' });
  await r.close();
  await assert.rejects(get(`http://127.0.0.1:${port}/id`), /ECONNREFUSED/);
});

test('labels that land in a virtual gateway run only its proxy; a command there, or none for a node, is refused', async (t) => {
  const cp = await startWorkloadsControlPlane(GATEWAY_WORLD);
  t.after(() => cp.close());
  const gw = new WorkloadRunner({
    client: new WorkloadsClient(cp.url),
    xds: '127.0.0.1:1',
    namespace: 'ingress',
    labels: { app: 'ingress-gw' },
    command: [],
    sidecar: standInSidecar,
    env: process.env,
    stdout: new CapturedOutput(),
    stderr: new CapturedOutput(),
  });
  t.after(() => gw.destroy());
  await gw.start();
  const [w] = cp.registry.list('ingress');
  assert.equal(w?.name, 'ingress-gw-1');
  assert.deepEqual(w?.node, { meshName: 'webapp', kind: 'virtualGateway', name: 'ingress-gw_ingress' });
  assert.deepEqual(w?.ports, [{ port: 8088, protocol: 'http' }]);
  await gw.close();

  await assert.rejects(runner(cp.url, new CapturedOutput(), []).start(), /lands in VirtualNode green-v1 \(green-v1_green\), which needs an app: meshwork run \.\.\. -- COMMAND/);
});
