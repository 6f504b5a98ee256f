/**
 * `meshwork proxy` children for tests against a real control plane: each on its own leased loopback
 * address (its "pod IP"), admin on <address>:9901, and helpers that read the admin API the way a user
 * would (`/stats`, `/clusters`, `/config_dump`), waiting on conditions with a bounded deadline.
 */
import { allocateAddress } from '../../src/local/addresses.js';
import { startMeshworkProxy, type Child } from './child.js';
import { get } from './proxy-harness.js';
import type { After } from './real-mesh.js';


/** Polls `cond` until it holds; throws with `what` after the deadline. */
export async function until(what: string | (() => string), cond: () => Promise<boolean> | boolean, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${deadlineMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface ProxyOptions {
  /** `--interception` (default local). */
  readonly interception?: 'local' | 'transparent';
  /** Listener port → app port (`--app-port`). */
  readonly appPorts?: Readonly<Record<number, number>>;
  /** `ENVOY_LOG_LEVEL` (default warning). */
  readonly logLevel?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Flags in place of `--node <id>` (e.g. none, to name the node with APPMESH_RESOURCE_ARN). */
  readonly nodeArgs?: readonly string[];
}

export class MeshProxy {
  constructor(
    readonly child: Child,
    /** The proxy's own loopback address; its listeners bind here. */
    readonly address: string,
    /** `http://<address>:9901` */
    readonly admin: string,
  ) {}

  /** `http://<address>:<port>` */
  url(port: number, path = '/'): string {
    return `http://${this.address}:${port}${path}`;
  }

  /** A counter or gauge from `/stats` (undefined when the proxy has no such stat). */
  async stat(name: string): Promise<number | undefined> {
    const body = (await get(`${this.admin}/stats?format=json&filter=${encodeURIComponent(`^${name.replace(/[.]/g, '\\.')}$`)}`)).body;
    const found = (JSON.parse(body) as { stats: Array<{ name: string; value: unknown }> }).stats.find((s) => s.name === name);
    return typeof found?.value === 'number' ? found.value : undefined;
  }

  async clusters(): Promise<string> {
    return (await get(`${this.admin}/clusters`)).body;
  }

  /** Waits until `/clusters` lists `count` healthy hosts of `cluster`. */
  async waitForHealthyHosts(cluster: string, count: number, deadlineMs?: number): Promise<void> {
    const escaped = cluster.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`^${escaped}::[\\d.]+:\\d+::health_flags::healthy$`, 'gm');
    await until(`${count} healthy hosts in ${cluster}`, async () => ((await this.clusters()).match(re) ?? []).length === count, deadlineMs);
  }

  /** Waits until `/config_dump` contains `text` (a resource name, a version, a route field). */
  async waitForConfig(text: string, deadlineMs?: number): Promise<void> {
    await until(`'${text}' in /config_dump`, async () => (await get(`${this.admin}/config_dump`)).body.includes(text), deadlineMs);
  }
}

/** Starts `meshwork proxy` for `nodeId` against `xds`; resolves once its admin says LIVE. Killed when the test ends. */
export async function startMeshProxy(t: After, xds: string, nodeId: string, opts: ProxyOptions = {}): Promise<MeshProxy> {
  const lease = await allocateAddress();
  const address = lease.address;
  const appPorts = Object.entries(opts.appPorts ?? {}).flatMap(([l, a]) => ['--app-port', `${l}=${a}`]);
  const child = startMeshworkProxy(
    [...(opts.nodeArgs ?? ['--node', nodeId]), '--address', address, '--admin', `${address}:9901`, '--xds', xds, '--interception', opts.interception ?? 'local', ...appPorts],
    { ENVOY_LOG_LEVEL: opts.logLevel ?? 'warning', ...opts.env },
  );
  t.after(async () => {
    if (child.proc.exitCode === null && child.proc.signalCode === null) {
      child.proc.kill('SIGKILL');
      await child.exited();
    }
    await lease.release();
  });
  const proxy = new MeshProxy(child, address, `http://${address}:9901`);
  await until(() => `the proxy for ${nodeId} to be LIVE; output:\n${child.output()}`, async () => {
    if (child.proc.exitCode !== null) throw new Error(`meshwork proxy exited (${child.proc.exitCode}):\n${child.output()}`);
    return (await get(`${proxy.admin}/ready`).catch(() => undefined))?.body === 'LIVE\n';
  });
  return proxy;
}
