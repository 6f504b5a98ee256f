/**
 * The proxy: an ADS client feeding immutable snapshots to the cluster and listener managers, health
 * checking, outlier detection, stats and the admin server. Snapshots are swapped whole: a request
 * reads the current one once. Closing drains: stop accepting, finish in-flight requests, then stop.
 */
import type { Component } from '../core/lifecycle.js';
import { LogRegistry } from '../core/log.js';
import type { WireNode } from '../xds-api/wire/discovery-codec.js';
import { AdminServer } from './admin/admin-server.js';
import { ConfigSnapshot } from './config/snapshot.js';
import { HealthChecker } from './health/health-checker.js';
import { OutlierDetector } from './health/outlier.js';
import type { ProxyContext } from './http/proxy-context.js';
import { ListenerManager } from './listener/listener-manager.js';
import { StatsStore } from './stats/store.js';
import { ClusterManager } from './upstream/cluster-manager.js';
import { AdsClient } from './xds-client/ads-client.js';

export const LOGGER_NAMES = ['admin', 'config', 'connection', 'dns', 'health_checker', 'http', 'main', 'outlier', 'router', 'upstream'] as const;

export interface ProxyOptions {
  readonly node: WireNode;
  readonly xdsAddress: string;
  /** Where listeners on 0.0.0.0 bind. */
  readonly address: string;
  readonly admin: { readonly host: string; readonly port: number } | undefined;
  readonly logs: LogRegistry;
  readonly drainTimeoutMs?: number;
  /** Reconnect backoff to the control plane (default 250 ms doubling to 30 s, with jitter). */
  readonly xdsBackoff?: { readonly baseMs: number; readonly maxMs: number };
  /** Called when /quitquitquit asks the process to exit (after draining). */
  readonly onQuit?: () => void;
}

export type ServerState = 'PRE_INITIALIZING' | 'INITIALIZING' | 'LIVE' | 'DRAINING';

export class Proxy implements Component {
  readonly name = 'proxy';
  readonly stats = new StatsStore();
  readonly logs: LogRegistry;
  readonly clusters: ClusterManager;
  readonly listeners: ListenerManager;
  readonly ads: AdsClient;
  readonly admin: AdminServer | undefined;
  readonly startedAt = Date.now();
  #snapshot = ConfigSnapshot.empty();
  #initialized = false;
  #healthFailed = false;
  #draining = false;
  #apply: Promise<void> = Promise.resolve();
  readonly #health: HealthChecker;
  readonly #outlier: OutlierDetector;
  readonly #appliedWaiters: Array<() => void> = [];

  constructor(readonly options: ProxyOptions) {
    this.logs = options.logs;
    this.logs.declare(...LOGGER_NAMES);
    const log = (n: (typeof LOGGER_NAMES)[number]) => this.logs.get(n);
    this.#outlier = new OutlierDetector(log('outlier'));
    this.#health = new HealthChecker(log('health_checker'));
    this.clusters = new ClusterManager({ stats: this.stats, log: log('dns'), onHostsChanged: (c) => this.#health.watch(c), onRemoved: (c) => this.#health.unwatch(c) });
    const ctx: ProxyContext = {
      snapshot: () => this.#snapshot,
      clusters: this.clusters,
      stats: this.stats,
      logs: this.logs,
      routerLog: log('router'),
      connLog: log('connection'),
      outlier: this.#outlier,
      draining: () => this.#draining,
    };
    this.listeners = new ListenerManager(options.address, ctx, log('config'));
    this.ads = new AdsClient({ address: options.xdsAddress, node: options.node, log: log('config'), stats: this.stats, onSnapshot: (s, init) => this.#onSnapshot(s, init), ...(options.xdsBackoff ? { backoff: options.xdsBackoff } : {}) });
    this.admin = options.admin ? new AdminServer(this, options.admin.host, options.admin.port, log('admin')) : undefined;
    this.stats.gauge('server.live').set(1);
    this.stats.gauge('server.concurrency').set(1);
  }

  get snapshot(): ConfigSnapshot {
    return this.#snapshot;
  }

  get state(): ServerState {
    if (this.#draining || this.#healthFailed) return this.#initialized ? 'DRAINING' : 'INITIALIZING';
    return this.#initialized ? 'LIVE' : 'INITIALIZING';
  }

  setHealthFailed(failed: boolean): void {
    this.#healthFailed = failed;
    this.stats.gauge('server.live').set(this.state === 'LIVE' ? 1 : 0);
  }

  #onSnapshot(snapshot: ConfigSnapshot, initialized: boolean): void {
    this.#apply = this.#apply.then(async () => {
      this.clusters.apply(snapshot);
      this.#snapshot = snapshot;
      this.#publishRouteVersions(snapshot);
      await this.listeners.apply(snapshot);
      if (initialized && !this.#initialized) {
        this.#initialized = true;
        this.logs.get('main').info('all clusters and listeners initialized; the proxy is LIVE');
      }
      this.stats.gauge('server.state').set(this.state === 'LIVE' ? 0 : this.state === 'DRAINING' ? 1 : 3);
      for (const w of this.#appliedWaiters.splice(0)) w();
    });
  }

  /** `http.<stat_prefix>.rds.<route config>.version_text`, as Envoy shows which routes an HCM runs. */
  #publishRouteVersions(snapshot: ConfigSnapshot): void {
    for (const l of snapshot.listeners.values()) {
      for (const chain of l.defaultChain ? [...l.chains, l.defaultChain] : l.chains) {
        const hcm = chain.action;
        if (hcm.kind !== 'http' || hcm.rdsName === undefined) continue;
        const table = snapshot.routes.get(hcm.rdsName);
        if (table) this.stats.text(`http.${hcm.statPrefix}.rds.${hcm.rdsName}.version_text`).value = table.version;
      }
    }
  }

  /** Resolves after the next snapshot has been applied (listeners bound). For callers that push config. */
  nextApplied(): Promise<void> {
    return new Promise((r) => this.#appliedWaiters.push(r));
  }

  /** Resolves once the proxy has its initial config (LIVE). */
  async ready(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.#initialized) {
      if (Date.now() > until) throw new Error('the proxy did not receive its initial configuration in time');
      await Promise.race([this.nextApplied(), new Promise((r) => setTimeout(r, until - Date.now()).unref())]);
    }
  }

  async start(): Promise<void> {
    await this.admin?.start();
    await this.ads.start();
  }

  /** Graceful: stop accepting, finish in-flight requests within the drain deadline, then stop. */
  async close(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    this.stats.gauge('server.live').set(0);
    this.logs.get('main').info('draining listeners');
    await this.listeners.drain(this.options.drainTimeoutMs ?? 5_000);
    this.#stopAll();
    await this.admin?.close();
  }

  destroy(): void {
    this.#draining = true;
    this.listeners.destroy();
    this.#stopAll();
    this.admin?.destroy();
  }

  #stopAll(): void {
    this.ads.destroy();
    this.#health.destroy();
    this.#outlier.destroy();
    this.clusters.destroy();
  }

  /** /quitquitquit: drain, then ask the process to exit. */
  quit(): void {
    void this.close().finally(() => this.options.onQuit?.());
  }
}
