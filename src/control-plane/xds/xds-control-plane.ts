/**
 * The xDS part of the control plane as one listener: the snapshot sync over the store and the
 * endpoint source, the ADS server on the xDS port, and the registry of connected proxies that the
 * HTTP module (`httpModule()`) exposes.
 */
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/log.js';
import type { ResourceStore } from '../../store/store.js';
import type { HttpModule } from '../http/router.js';
import type { RuntimeContext } from '../runtime.js';
import type { EndpointSource } from '../registry/endpoints.js';
import { createProxiesApiModule } from './proxies-api.js';
import { AdsServer } from './server/ads-server.js';
import { ProxyRegistry } from './server/proxies.js';
import { SnapshotSync } from './sync/snapshot-sync.js';

export interface XdsControlPlaneOptions {
  readonly host: string;
  readonly port: number;
  readonly store: ResourceStore;
  readonly endpoints: EndpointSource;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly debounceMs?: number;
}

export class XdsControlPlane {
  readonly name = 'xds';
  readonly registry = new ProxyRegistry();
  readonly #sync: SnapshotSync;
  readonly #server: AdsServer;

  constructor(opts: XdsControlPlaneOptions) {
    const { store, endpoints, log } = opts;
    const timing = { ...(opts.clock ? { clock: opts.clock } : {}) };
    this.#sync = new SnapshotSync({ store, endpoints, log, ...timing, ...(opts.debounceMs !== undefined ? { debounceMs: opts.debounceMs } : {}) });
    this.#server = new AdsServer({ host: opts.host, port: opts.port, provider: this.#sync, registry: this.registry, log, ...timing });
  }

  httpModule(): HttpModule {
    return createProxiesApiModule(this.registry);
  }

  async start(): Promise<void> {
    await this.#sync.start();
    try {
      await this.#server.start();
    } catch (err) {
      await this.#sync.close();
      throw err;
    }
  }

  describeAddress(): string {
    const a = this.#server.address();
    return `${a.host}:${a.port}`;
  }

  async close(): Promise<void> {
    await this.#server.close();
    await this.#sync.close();
  }

  destroy(): void {
    this.#server.destroy();
    this.#sync.destroy();
  }
}

const perRuntime = new WeakMap<RuntimeContext, XdsControlPlane>();

/**
 * The runtime's one XdsControlPlane (its listener and its HTTP module share the proxy registry), with
 * endpoints from the Cloud Map registry and the names Meshwork's DNS serves.
 */
export function xdsControlPlaneFor(ctx: RuntimeContext): XdsControlPlane {
  let xds = perRuntime.get(ctx);
  if (!xds) {
    const { options, store, endpoints } = ctx;
    xds = new XdsControlPlane({ ...options.xds, store, endpoints, log: options.logs.get('xds'), clock: options.clock });
    perRuntime.set(ctx, xds);
  }
  return xds;
}
