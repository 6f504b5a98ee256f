import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../src/xds-api/type-urls.js';
import { durationFromMs } from '../../src/xds-api/well-known.js';
import { FakeAdsServer } from '../support/fake-ads-server.js';
import { freePort, get, startProxy, startUpstream, type StartedProxy, type Upstream } from '../support/proxy-harness.js';
import { assignment, edsCluster, httpListener, route, routeConfig } from '../support/xds-resources.js';

let ads: FakeAdsServer;
let p: StartedProxy;
let port: number;
const ups: Record<string, Upstream> = {};
const pending = new Set<() => void>();

function vhost(name: string, spec: Parameters<typeof route>[0]) {
  return { name, domains: [name], routes: [route({ cluster: name, ...spec })] };
}

before(async () => {
  ups['ok'] = await startUpstream('ok');
  ups['bad'] = await startUpstream('bad', (req, res) => {
    req.resume();
    res.writeHead(503).end('bad');
  });
  ups['slow'] = await startUpstream('slow', (req, res) => {
    const t = setTimeout(() => res.end('slow'), 3000);
    pending.add(() => clearTimeout(t));
    req.on('close', () => clearTimeout(t));
  });
  ups['reset'] = await startUpstream('reset', (req) => req.socket.destroy());
  const closed = await freePort();
  port = await freePort();
  ads = new FakeAdsServer();
  await ads.start();
  const retry = { retry_on: '5xx', num_retries: { value: 2 }, retry_back_off: { base_interval: durationFromMs(1) } };
  const clusters: Record<string, Array<[string, number]>> = {
    flaky: [['127.0.0.1', ups['bad'].port], ['127.0.0.1', ups['ok'].port]],
    dead: [['127.0.0.1', closed]],
    empty: [],
    slow: [['127.0.0.1', ups['slow'].port]],
    pertry: [['127.0.0.1', ups['slow'].port], ['127.0.0.1', ups['ok'].port]],
    overflow: [['127.0.0.1', ups['slow'].port]],
    reset: [['127.0.0.1', ups['reset'].port]],
    noretry: [['127.0.0.1', ups['bad'].port]],
  };
  ads.set(CLUSTER_TYPE_URL, Object.keys(clusters).map((n) =>
    n === 'overflow'
      ? edsCluster(n, { circuit_breakers: { thresholds: [{ max_connections: { value: 1 }, max_pending_requests: { value: 0 }, max_requests: { value: 1 } }] } })
      : edsCluster(n),
  ));
  ads.set(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, Object.entries(clusters).map(([n, eps]) => assignment(n, eps)));
  ads.set(LISTENER_TYPE_URL, [httpListener('lds_egress_0.0.0.0_15001', port, { statPrefix: 'egress', rds: 'r' })]);
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, [
    routeConfig('r', [
      vhost('flaky', { retry }),
      vhost('dead', {}),
      vhost('empty', {}),
      vhost('slow', { timeoutMs: 200 }),
      vhost('pertry', { retry: { ...retry, per_try_timeout: durationFromMs(150) } }),
      vhost('overflow', { timeoutMs: 500 }),
      vhost('reset', {}),
      vhost('noretry', {}),
    ]),
  ]);
  p = await startProxy(ads);
});

after(async () => {
  for (const cancel of pending) cancel();
  p?.proxy.destroy();
  ads?.stop();
  await Promise.all(Object.values(ups).map((u) => u.close()));
});

const at = (host: string) => get(`http://127.0.0.1:${port}/x`, { host });

test('a 5xx is retried on another host under retry_on 5xx', async () => {
  for (let i = 0; i < 6; i++) {
    const r = await at('flaky');
    assert.equal(r.status, 200, r.body);
    assert.equal(r.body, 'ok GET /x');
  }
  const stats = p.proxy.stats;
  assert.ok((stats.value('cluster.flaky.upstream_rq_retry') ?? 0) >= 3);
  assert.ok((stats.value('cluster.flaky.retry.upstream_rq_503') ?? 0) >= 3);
});

test('without a retry policy the upstream 503 passes through unflagged', async () => {
  const r = await at('noretry');
  assert.equal(r.status, 503);
  assert.equal(r.body, 'bad');
  assert.equal(r.headers['x-meshwork-response-flags'], undefined);
});

test('connection failure is 503 UF', async () => {
  const r = await at('dead');
  assert.equal(r.status, 503);
  assert.equal(r.headers['x-meshwork-response-flags'], 'UF');
  assert.match(r.body, /reset reason: connection failure/);
  assert.equal(p.proxy.stats.value('cluster.dead.upstream_cx_connect_fail'), 1);
});

test('no endpoints is 503 UH "no healthy upstream"', async () => {
  const r = await at('empty');
  assert.equal(r.status, 503);
  assert.equal(r.headers['x-meshwork-response-flags'], 'UH');
  assert.equal(r.body, 'no healthy upstream');
});

test('the route timeout gives 504 UT', async () => {
  const started = Date.now();
  const r = await at('slow');
  assert.equal(r.status, 504);
  assert.equal(r.headers['x-meshwork-response-flags'], 'UT');
  assert.equal(r.body, 'upstream request timeout');
  assert.ok(Date.now() - started < 2000);
  assert.equal(p.proxy.stats.value('cluster.slow.upstream_rq_timeout'), 1);
});

test('a per-try timeout moves on to the next host', async () => {
  // Round robin may start on either host; two requests cover both orders.
  for (let i = 0; i < 2; i++) {
    const r = await at('pertry');
    assert.equal(r.status, 200);
    assert.equal(r.body, 'ok GET /x');
  }
  assert.ok((p.proxy.stats.value('cluster.pertry.upstream_rq_per_try_timeout') ?? 0) >= 1);
});

test('circuit breaking: a request over max_requests gets 503 UO', async () => {
  const first = at('overflow');
  await new Promise<void>((resolve) => {
    const check = () => (p.proxy.clusters.get('overflow')!.activeRequests === 1 ? resolve() : setImmediate(check));
    check();
  });
  const second = await at('overflow');
  assert.equal(second.status, 503);
  assert.equal(second.headers['x-meshwork-response-flags'], 'UO');
  assert.equal(p.proxy.stats.value('cluster.overflow.upstream_rq_pending_overflow'), 1);
  assert.equal((await first).status, 504);
});

test('an upstream reset before headers is 503 UR', async () => {
  const r = await at('reset');
  assert.equal(r.status, 503);
  assert.equal(r.headers['x-meshwork-response-flags'], 'UR');
});
