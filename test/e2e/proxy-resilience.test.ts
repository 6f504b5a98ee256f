import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../src/xds-api/type-urls.js';
import { durationFromMs } from '../../src/xds-api/well-known.js';
import { FakeAdsServer } from '../support/fake-ads-server.js';
import { freePort, get, request, startProxy, startUpstream, type Reply, type StartedProxy, type Upstream } from '../support/proxy-harness.js';
import { assignment, edsCluster, httpListener, route, routeConfig } from '../support/xds-resources.js';

let ads: FakeAdsServer;
let p: StartedProxy;
let port: number;
const ups: Upstream[] = [];
let sick: Upstream;
let sickHealthy = false;

before(async () => {
  for (const n of ['a', 'b', 'c']) ups.push(await startUpstream(n));
  sick = await startUpstream('sick', (req, res) => {
    req.resume();
    res.writeHead(req.url === '/health' && !sickHealthy ? 500 : 200).end('sick');
  });
  port = await freePort();
  ads = new FakeAdsServer();
  await ads.start();
  ads.set(CLUSTER_TYPE_URL, [
    edsCluster('trio', {
      lb_policy: 'LEAST_REQUEST',
      outlier_detection: {
        consecutive_5xx: { value: 3 },
        consecutive_gateway_failure: { value: 2 },
        enforcing_consecutive_gateway_failure: { value: 100 },
        interval: durationFromMs(1000),
        base_ejection_time: durationFromMs(30_000),
        max_ejection_percent: { value: 50 },
      },
    }),
    edsCluster('checked', {
      health_checks: [{ timeout: durationFromMs(200), interval: durationFromMs(100), unhealthy_threshold: { value: 2 }, healthy_threshold: { value: 1 }, http_health_check: { path: '/health' } }],
    }),
  ]);
  ads.set(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, [assignment('trio', ups.map((u) => ['127.0.0.1', u.port] as [string, number])), assignment('checked', [['127.0.0.1', sick.port]])]);
  ads.set(LISTENER_TYPE_URL, [httpListener('lds_egress_0.0.0.0_15001', port, { statPrefix: 'egress', rds: 'r' })]);
  const retry = { retry_on: 'gateway-error,connect-failure,reset', num_retries: { value: 3 }, retry_back_off: { base_interval: durationFromMs(1) } };
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, [
    routeConfig('r', [
      { name: 'trio', domains: ['trio'], routes: [route({ prefix: '/', cluster: 'trio', retry })] },
      { name: 'checked', domains: ['checked'], routes: [route({ prefix: '/', cluster: 'checked' })] },
    ]),
  ]);
  p = await startProxy(ads);
});

after(async () => {
  p?.proxy.destroy();
  ads?.stop();
  await Promise.all([...ups, sick].map((u) => u.close()));
});

/** Resolves when `cond` holds, checking after each admin /clusters poll, or fails after the deadline. */
async function until(cond: () => Promise<boolean>, deadlineMs = 5000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('one of three upstreams killed during 10,000 requests: at least 99.9% succeed', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  let sent = 0;
  let ok = 0;
  const errors = new Map<string, number>();
  const worker = async () => {
    while (sent < 10_000) {
      sent++;
      if (sent === 2_000) await ups[1]!.close();
      const r = await request({ host: '127.0.0.1', port, path: '/', headers: { host: 'trio' }, agent }).catch((e: Error): Reply => ({ status: 0, headers: {}, body: e.message }));
      if (r.status === 200) ok++;
      else {
        const key = `${r.status} ${String(r.headers['x-meshwork-response-flags'] ?? r.body)}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  agent.destroy();
  assert.ok(ok >= 9_990, `only ${ok} of 10000 succeeded: ${JSON.stringify([...errors])}`);
  const clusters = (await get(`${p.adminUrl}/clusters`)).body;
  assert.match(clusters, new RegExp(`^trio::127\\.0\\.0\\.1:${ups[1]!.port}::health_flags::/failed_outlier_check$`, 'm'));
  assert.equal(p.proxy.stats.value('cluster.trio.outlier_detection.ejections_active'), 1);
  assert.ok((p.proxy.stats.value('cluster.trio.upstream_rq_retry') ?? 0) > 0);
});

test('active HTTP health checks mark a failing host unhealthy (UH) and bring it back', async () => {
  const flags = async () => (await get(`${p.adminUrl}/clusters?filter=^checked$`)).body;
  await until(async () => /::health_flags::\/failed_active_hc$/m.test(await flags()));
  const r = await get(`http://127.0.0.1:${port}/`, { host: 'checked' });
  assert.equal(r.status, 503);
  assert.equal(r.headers['x-meshwork-response-flags'], 'UH');
  assert.ok((p.proxy.stats.value('cluster.checked.health_check.failure') ?? 0) >= 2);
  sickHealthy = true;
  await until(async () => /::health_flags::healthy$/m.test(await flags()));
  assert.equal((await get(`http://127.0.0.1:${port}/`, { host: 'checked' })).status, 200);
  assert.equal(p.proxy.stats.value('cluster.checked.health_check.healthy'), 1);
});
