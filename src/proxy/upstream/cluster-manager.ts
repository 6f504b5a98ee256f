/**
 * All clusters by name. On each snapshot it adds, updates and removes clusters; DNS clusters are
 * resolved here (results logged at debug, as Envoy's upstream logger does).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Logger } from '../../core/log.js';
import type { ClusterConfig, EndpointConfig } from '../config/model.js';
import type { ConfigSnapshot } from '../config/snapshot.js';
import type { StatsStore } from '../stats/store.js';
import { Cluster } from './cluster.js';

export interface ClusterManagerOptions {
  readonly stats: StatsStore;
  readonly log: Logger;
  /** Called after a cluster's hosts changed (health checkers watch this). */
  readonly onHostsChanged?: (cluster: Cluster) => void;
  readonly onRemoved?: (cluster: Cluster) => void;
}

export class ClusterManager {
  readonly #clusters = new Map<string, Cluster>();
  readonly #o: ClusterManagerOptions;
  readonly #resolved = new Map<string, EndpointConfig[]>();
  readonly #refresh = new Map<string, NodeJS.Timeout>();

  constructor(options: ClusterManagerOptions) {
    this.#o = options;
  }

  get(name: string): Cluster | undefined {
    return this.#clusters.get(name);
  }

  all(): Cluster[] {
    return [...this.#clusters.values()];
  }

  apply(snapshot: ConfigSnapshot): void {
    const { stats } = this.#o;
    for (const [name, cluster] of this.#clusters) {
      if (snapshot.clusters.has(name)) continue;
      this.#clusters.delete(name);
      clearTimeout(this.#refresh.get(name));
      this.#refresh.delete(name);
      cluster.destroy();
      this.#o.onRemoved?.(cluster);
      stats.counter('cluster_manager.cluster_removed').inc();
    }
    for (const config of snapshot.clusters.values()) {
      let cluster = this.#clusters.get(config.name);
      if (!cluster) {
        cluster = new Cluster(config, stats);
        this.#clusters.set(config.name, cluster);
        stats.counter('cluster_manager.cluster_added').inc();
      } else if (cluster.config !== config) stats.counter('cluster_manager.cluster_modified').inc();
      const endpoints = config.type === 'STRICT_DNS' || config.type === 'LOGICAL_DNS' ? (this.#resolved.get(config.name) ?? []) : snapshot.endpointsOf(config);
      cluster.update(config, endpoints);
      if (config.type === 'STRICT_DNS' || config.type === 'LOGICAL_DNS') void this.#resolve(cluster, config);
      this.#o.onHostsChanged?.(cluster);
    }
    stats.gauge('cluster_manager.active_clusters').set(this.#clusters.size);
  }

  async #resolve(cluster: Cluster, config: ClusterConfig): Promise<void> {
    const out: EndpointConfig[] = [];
    for (const ep of config.inlineEndpoints) {
      if (isIP(ep.address)) {
        out.push(ep);
        continue;
      }
      try {
        const addrs = await lookup(ep.address, { all: true, family: config.dnsFamily });
        const chosen = config.type === 'LOGICAL_DNS' ? addrs.slice(0, 1) : addrs;
        this.#o.log.debug(`dns resolution for ${ep.address} completed with status success: [${addrs.map((a) => a.address).join(', ')}]`);
        for (const a of chosen) out.push({ ...ep, address: a.address });
      } catch (err) {
        this.#o.log.debug(`dns resolution for ${ep.address} failed: ${(err as Error).message}`);
      }
    }
    this.#resolved.set(config.name, out);
    if (this.#clusters.get(config.name) !== cluster || cluster.config !== config) return;
    cluster.update(config, out);
    this.#o.onHostsChanged?.(cluster);
    clearTimeout(this.#refresh.get(config.name));
    const t = setTimeout(() => void this.#resolve(cluster, config), config.dnsRefreshMs);
    t.unref();
    this.#refresh.set(config.name, t);
  }

  destroy(): void {
    for (const t of this.#refresh.values()) clearTimeout(t);
    this.#refresh.clear();
    for (const c of this.#clusters.values()) c.destroy();
    this.#clusters.clear();
  }
}
