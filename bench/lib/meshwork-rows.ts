/**
 * The Meshwork rows, run as a user runs them: a real `meshwork up` (its own temporary data directory,
 * free loopback ports, pinned to the helper CPU with the load generator; idle while the load runs), the
 * mesh of bench-mesh.ts created through the App Mesh and Cloud Map APIs, and real `meshwork proxy`
 * children pinned to the proxy CPU in local interception mode, each on its own loopback "pod IP",
 * configured over ADS by that control plane:
 * - (d) one hop: load generator → the consumer's egress listener (Host `app.bench.local:<port>`) →
 *   EDS cluster `cds_egress_bench_app_http_<port>` → the upstream, registered in Cloud Map as `app`;
 * - (e) two hops: the same consumer, whose endpoint is now the sidecar of virtual node `app`; its
 *   ingress forwards to the upstream as the app (`--app-port <port>=<port>`).
 *
 * A proxy counts as started once its admin `/ready` says LIVE and `/clusters` shows the host it must
 * forward to as healthy; the row then sends one request through and wants a 200 before it is measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { UnavailableError } from '../../src/core/errors.js';
import { proxyCommandLine } from '../../src/cli/proxy-runtime.js';
import { APP_NODE, CONSUMER_NODE, SERVICE, benchNodeId, createBenchMesh, egressCluster, ingressCluster } from './bench-mesh.js';
import { startControlPlane, type ControlPlane } from './control-plane.js';
import { PinnedProcess, httpOk } from './launcher.js';
import type { Listen } from './peer-configs.js';
import { freeLoopbackAddress, freePort } from './ports.js';
import { launchLine, nodeFlags, type BenchRow, type RowContext, type RowStart } from './rows.js';

const EGRESS_PORT = 15001;
const CONFIG_TIMEOUT_MS = 20_000;

/** GET `url` with an optional Host header: its status and body (status 0 when it fails). */
function fetchOnce(url: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(url, { timeout: 2000, headers: host === undefined ? {} : { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once('error', (err) => resolve({ status: 0, body: err.message }));
    req.once('timeout', () => req.destroy(new Error('timed out')));
    req.end();
  });
}

/** True once the proxy is LIVE and `/clusters` lists `host` of `cluster` as healthy. */
async function configured(admin: string, cluster: string, host: Listen): Promise<boolean> {
  if (!(await httpOk(`${admin}/ready`))) return false;
  const clusters = await fetchOnce(`${admin}/clusters`);
  return clusters.body.split('\n').includes(`${cluster}::${host.host}:${host.port}::health_flags::healthy`);
}

interface ProxySpec {
  readonly node: string;
  readonly address: string;
  /** Further `meshwork proxy` flags (`--app-port`). */
  readonly flags: readonly string[];
  /** The cluster and host the proxy must have from the control plane before it is measured. */
  readonly cluster: string;
  readonly host: Listen;
}

/** Stops what a row started, last started first. */
class Teardown {
  readonly #steps: Array<() => Promise<void> | void> = [];

  push(step: () => Promise<void> | void): void {
    this.#steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.#steps.splice(0).reverse()) await step();
  }
}

async function startProxy(ctx: RowContext, row: string, cp: ControlPlane, spec: ProxySpec, teardown: Teardown): Promise<PinnedProcess> {
  const admin = `http://${spec.address}:${await freePort(spec.address)}`;
  const profile = ctx.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(ctx.profileDir, row)}`, `--cpu-prof-name=${spec.node}.cpuprofile`] : [];
  const line = proxyCommandLine(
    ['--node', benchNodeId(spec.node), '--address', spec.address, '--admin', new URL(admin).host, '--xds', cp.xdsAddress, '--interception', 'local', '--log-level', 'warning', ...spec.flags],
    { nodeFlags: [...nodeFlags(ctx), ...profile] },
  );
  const proc = new PinnedProcess({
    name: spec.node,
    ...launchLine(ctx, line.command, line.args),
    cpu: ctx.proxyCpu,
    ready: () => configured(admin, spec.cluster, spec.host),
    readyTimeoutMs: ctx.launch?.startTimeoutMs ?? CONFIG_TIMEOUT_MS,
  });
  teardown.push(() => proc.close());
  await proc.start().catch((err: unknown) => {
    throw new UnavailableError(`${spec.node}'s proxy did not get ${spec.cluster} → ${spec.host.host}:${spec.host.port} from the control plane: ${err instanceof Error ? err.message : String(err)}`);
  });
  return proc;
}

/** What a row's chain started: its proxies (the consumer first) and the consumer's address. */
interface Chain {
  readonly consumerAddress: string;
  readonly proxies: readonly PinnedProcess[];
}

type StartProxy = (spec: ProxySpec) => Promise<PinnedProcess>;

/** A Meshwork row: a control plane, then `chain` creates the mesh and starts the proxies, the consumer's last. */
function meshworkRow(name: string, hops: number, description: string, chain: (start: StartProxy, cp: ControlPlane, ctx: RowContext) => Promise<Chain>): BenchRow {
  return {
    name,
    hops,
    description,
    async start(ctx: RowContext): Promise<RowStart> {
      const teardown = new Teardown();
      const dataDir = mkdtempSync(join(ctx.dir, `${name}-cp-`));
      teardown.push(() => rmSync(dataDir, { recursive: true, force: true }));
      try {
        const started = await startControlPlane(dataDir, ctx.helperCpu);
        if (started.kind === 'unavailable') {
          await teardown.run();
          return started;
        }
        teardown.push(() => started.cp.process.close());
        const { consumerAddress, proxies } = await chain((spec) => startProxy(ctx, name, started.cp, spec, teardown), started.cp, ctx);
        const baseUrl = `http://${consumerAddress}:${EGRESS_PORT}`;
        const hostHeader = `${SERVICE}:${ctx.upstream.port}`;
        const first = await fetchOnce(`${baseUrl}/`, hostHeader);
        if (first.status !== 200) throw new UnavailableError(`GET ${baseUrl}/ with Host ${hostHeader} answered ${first.status}, not 200: ${first.body.slice(0, 200)}`);
        return { kind: 'ready', target: { baseUrl, hostHeader, proxies, close: () => teardown.run() } };
      } catch (err) {
        await teardown.run();
        throw err;
      }
    },
  };
}

/** The consumer's sidecar, whose egress must reach `app` at `endpoint`. */
async function consumer(start: StartProxy, port: number, endpoint: Listen): Promise<{ address: string; proxy: PinnedProcess }> {
  const address = await freeLoopbackAddress([EGRESS_PORT]);
  return { address, proxy: await start({ node: CONSUMER_NODE, address, flags: [], cluster: egressCluster(port), host: endpoint }) };
}

export const meshworkOneHopRow = meshworkRow('meshwork-1hop', 1, 'meshwork proxy: egress → cluster → upstream', async (start, cp, ctx) => {
  const port = ctx.upstream.port;
  await createBenchMesh(cp.httpUrl, port, ctx.upstream);
  const c = await consumer(start, port, ctx.upstream);
  return { consumerAddress: c.address, proxies: [c.proxy] };
});

export const meshworkTwoHopRow = meshworkRow('meshwork-2hop', 2, 'two meshwork proxies: consumer egress → provider ingress → app', async (start, cp, ctx) => {
  const port = ctx.upstream.port;
  const providerAddress = await freeLoopbackAddress([port]);
  await createBenchMesh(cp.httpUrl, port, { host: providerAddress, port });
  const provider = await start({
    node: APP_NODE, address: providerAddress, flags: ['--app-port', `${port}=${port}`, '--app-host', ctx.upstream.host], cluster: ingressCluster(port), host: ctx.upstream,
  });
  const c = await consumer(start, port, { host: providerAddress, port });
  return { consumerAddress: c.address, proxies: [c.proxy, provider] };
});
