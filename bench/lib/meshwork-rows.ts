/**
 * The Meshwork rows, each proxy a real `meshwork proxy` child pinned to the proxy CPU in local
 * interception mode on its own loopback "pod IP":
 * - (d) one hop: load generator → egress listener `lds_egress_0.0.0.0_15001` (Host `app.bench.local:8080`)
 *   → EDS cluster `cds_egress_bench_app_http_8080` → upstream;
 * - (e) two hops: consumer egress as above, whose endpoint is the provider proxy's ingress
 *   `lds_ingress_0.0.0.0_8080` → local app cluster `cds_ingress_bench_app_http_8080` → upstream (the app).
 *
 * The proxies get their configuration over ADS from FakeAdsServer (test/support), a stand-in control
 * plane serving fixed resources shaped and named as App Mesh's Envoy gets them: the data-plane figures
 * then measure the proxy alone, whatever the control plane's state at this commit.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FakeAdsServer } from '../../test/support/fake-ads-server.js';
import { assignment, edsCluster, httpListener, route, routeConfig, staticCluster } from '../../test/support/xds-resources.js';
import type { ProtoObject } from '../../src/xds-api/any.js';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../src/xds-api/type-urls.js';
import { PROXY_NODE_FLAGS } from '../../src/cli/proxy-runtime.js';
import { MESHWORK_BIN } from './control-plane.js';
import { PinnedProcess, httpOk } from './launcher.js';
import type { Listen } from './peer-configs.js';
import { freeLoopbackAddress, freePort } from './ports.js';
import type { BenchRow, RowContext, RowStart } from './rows.js';

const SERVICE = 'app.bench.local';
const APP_PORT = 8080;
const EGRESS_PORT = 15001;
const EGRESS_CLUSTER = 'cds_egress_bench_app_http_8080';
const INGRESS_CLUSTER = 'cds_ingress_bench_app_http_8080';

interface ProxyConfig {
  readonly listeners: ProtoObject[];
  readonly routes: ProtoObject[];
  readonly clusters: ProtoObject[];
  readonly endpoints: ProtoObject[];
}

function egressConfig(endpoint: Listen): ProxyConfig {
  return {
    listeners: [httpListener(`lds_egress_0.0.0.0_${EGRESS_PORT}`, EGRESS_PORT, { statPrefix: 'egress', rds: `rds_egress_http_${EGRESS_PORT}` })],
    routes: [routeConfig(`rds_egress_http_${EGRESS_PORT}`, [{ name: SERVICE, domains: [SERVICE, `${SERVICE}:${APP_PORT}`], routes: [route({ prefix: '/', cluster: EGRESS_CLUSTER })] }])],
    clusters: [edsCluster(EGRESS_CLUSTER)],
    endpoints: [assignment(EGRESS_CLUSTER, [[endpoint.host, endpoint.port]])],
  };
}

function ingressConfig(app: Listen): ProxyConfig {
  return {
    listeners: [httpListener(`lds_ingress_0.0.0.0_${APP_PORT}`, APP_PORT, { statPrefix: 'ingress', rds: `rds_ingress_http_${APP_PORT}` })],
    routes: [routeConfig(`rds_ingress_http_${APP_PORT}`, [{ name: 'app', domains: ['*'], routes: [route({ prefix: '/', cluster: INGRESS_CLUSTER })] }])],
    clusters: [staticCluster(INGRESS_CLUSTER, [[app.host, app.port]])],
    endpoints: [],
  };
}

/** One `meshwork proxy` child and its stand-in ADS server. */
interface RunningProxy {
  readonly process: PinnedProcess;
  readonly ads: FakeAdsServer;
}

async function startProxy(ctx: RowContext, row: string, name: string, address: string, config: ProxyConfig): Promise<RunningProxy> {
  const ads = new FakeAdsServer();
  await ads.start();
  ads.set(CLUSTER_TYPE_URL, config.clusters);
  ads.set(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, config.endpoints);
  ads.set(LISTENER_TYPE_URL, config.listeners);
  ads.set(ROUTE_CONFIGURATION_TYPE_URL, config.routes);
  const admin = await freePort(address);
  const proc = new PinnedProcess({
    name,
    command: process.execPath,
    args: [...PROXY_NODE_FLAGS, ...(ctx.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(ctx.profileDir, row)}`, `--cpu-prof-name=${name}.cpuprofile`] : []), MESHWORK_BIN, 'proxy', '--node', `mesh/bench/virtualNode/${name}`, '--address', address, '--admin', `${address}:${admin}`, '--xds', ads.address, '--interception', 'local', '--log-level', 'warning'],
    cpu: ctx.proxyCpu,
    // Envoy's /ready answers 200 (LIVE) once every listener and cluster is initialised.
    ready: () => httpOk(`http://${address}:${admin}/ready`),
  });
  try {
    await proc.start();
  } catch (err) {
    proc.destroy();
    ads.stop();
    throw err;
  }
  return { process: proc, ads };
}

function target(address: string, proxies: readonly RunningProxy[]): RowStart {
  return {
    kind: 'ready',
    target: {
      baseUrl: `http://${address}:${EGRESS_PORT}`,
      hostHeader: `${SERVICE}:${APP_PORT}`,
      proxies: proxies.map((p) => p.process),
      close: async () => {
        for (const p of proxies) {
          await p.process.close();
          p.ads.stop();
        }
      },
    },
  };
}

type StartProxy = (proxy: string, address: string, config: ProxyConfig) => Promise<RunningProxy>;

/** A Meshwork row: `chain` starts its proxies (last hop first) with `start` and returns the target. */
function meshworkRow(name: string, hops: number, description: string, chain: (start: StartProxy, ctx: RowContext) => Promise<RowStart>): BenchRow {
  return {
    name,
    hops,
    description,
    async start(ctx: RowContext): Promise<RowStart> {
      if (!existsSync(MESHWORK_BIN)) return { kind: 'unavailable', reason: `${MESHWORK_BIN} does not exist (run npm run build)` };
      return chain((proxy, address, config) => startProxy(ctx, name, proxy, address, config), ctx);
    },
  };
}

export const meshworkOneHopRow = meshworkRow('meshwork-1hop', 1, 'meshwork proxy: egress → cluster → upstream', async (start, ctx) => {
  const address = await freeLoopbackAddress([EGRESS_PORT]);
  return target(address, [await start('consumer', address, egressConfig(ctx.upstream))]);
});

export const meshworkTwoHopRow = meshworkRow('meshwork-2hop', 2, 'two meshwork proxies: consumer egress → provider ingress → app', async (start, ctx) => {
  const providerAddress = await freeLoopbackAddress([APP_PORT]);
  const provider = await start('app', providerAddress, ingressConfig(ctx.upstream));
  try {
    const consumerAddress = await freeLoopbackAddress([EGRESS_PORT]);
    const consumer = await start('consumer', consumerAddress, egressConfig({ host: providerAddress, port: APP_PORT }));
    return target(consumerAddress, [consumer, provider]);
  } catch (err) {
    await provider.process.close();
    provider.ads.stop();
    throw err;
  }
});
