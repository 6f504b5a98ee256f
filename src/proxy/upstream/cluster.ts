/**
 * A cluster's live state: its hosts (kept across updates so their stats and health survive), load
 * balancer, keep-alive connection pools and circuit-breaker counts. Config comes from snapshots; this
 * object holds only what changes at run time.
 */
import type { ClusterConfig, EndpointConfig } from '../config/model.js';
import type { Stat, StatsStore } from '../stats/store.js';
import { createClusterHistograms, createClusterStats, type ClusterHistograms, type ClusterStats } from './cluster-stats.js';
import { H1Pool } from './h1-pool.js';
import { H2Pool } from './h2-pool.js';
import { Host } from './host.js';
import { createLoadBalancer, type LoadBalancer } from './load-balancer.js';

export type Admission = 'ok' | 'overflow';

export class Cluster {
  config: ClusterConfig;
  hosts: Host[] = [];
  lb: LoadBalancer;
  readonly stats: ClusterStats;
  readonly histograms: ClusterHistograms;
  readonly h1: H1Pool;
  readonly h2: H2Pool;
  activeRequests = 0;
  activeRetries = 0;
  readonly #store: StatsStore;
  readonly #byStatus = new Map<number, Stat>();
  readonly #dynamic = new Map<string, Host>();

  constructor(config: ClusterConfig, store: StatsStore) {
    this.config = config;
    this.#store = store;
    this.stats = createClusterStats(store, config.name);
    this.histograms = createClusterHistograms(store, config.name);
    this.lb = createLoadBalancer(config.lbPolicy);
    this.h1 = new H1Pool(this);
    this.h2 = new H2Pool(this);
  }

  get name(): string {
    return this.config.name;
  }

  /** Applies new config and endpoints; hosts with the same address:port keep their state. */
  update(config: ClusterConfig, endpoints: readonly EndpointConfig[]): void {
    if (config.lbPolicy !== this.config.lbPolicy) this.lb = createLoadBalancer(config.lbPolicy);
    this.config = config;
    const old = new Map(this.hosts.map((h) => [h.key, h]));
    const next: Host[] = [];
    for (const ep of endpoints) {
      const key = `${ep.address}:${ep.port}`;
      const existing = old.get(key);
      if (existing) {
        existing.edsHealth = ep.health;
        existing.weight = ep.weight;
        next.push(existing);
      } else next.push(new Host(ep.address, ep.port, ep));
    }
    const changed = next.length !== this.hosts.length || next.some((h, i) => h !== this.hosts[i]);
    this.hosts = next;
    if (changed) {
      this.stats.membership_change.inc();
      this.h1.retain(new Set([...next.map((h) => h.key), ...this.#dynamic.keys()]));
    }
    this.stats.update_success.inc();
    if (next.length === 0) this.stats.update_empty.inc();
    this.refreshMembership();
  }

  refreshMembership(): void {
    let healthy = 0;
    let ejected = 0;
    for (const h of this.hosts) {
      if (h.healthy) healthy++;
      if (h.ejected) ejected++;
    }
    this.stats.membership_total.set(this.hosts.length);
    this.stats.membership_healthy.set(healthy);
    this.stats['health_check.healthy'].set(this.config.healthChecks.length > 0 ? this.hosts.filter((h) => !h.failedActiveHc).length : 0);
    this.stats['outlier_detection.ejections_active'].set(ejected);
  }

  /** Circuit breaking: admits a request or reports overflow (HTTP/1 connections + pending, or requests). */
  admit(): Admission {
    const cb = this.config.circuitBreakers;
    const limit = this.config.http2 ? cb.maxRequests : Math.min(cb.maxRequests, cb.maxConnections * Math.max(1, this.hosts.length) + cb.maxPendingRequests);
    if (this.activeRequests >= limit) {
      this.stats.upstream_rq_pending_overflow.inc();
      this.stats['circuit_breakers.default.rq_open'].set(1);
      return 'overflow';
    }
    return 'ok';
  }

  /** Whether one more retry fits under max_retries. */
  admitRetry(): boolean {
    if (this.activeRetries >= this.config.circuitBreakers.maxRetries) {
      this.stats.upstream_rq_retry_overflow.inc();
      this.stats['circuit_breakers.default.rq_retry_open'].set(1);
      return false;
    }
    return true;
  }

  requestStarted(): void {
    this.activeRequests++;
    this.stats.upstream_rq_active.set(this.activeRequests);
  }

  requestFinished(): void {
    this.activeRequests--;
    this.stats.upstream_rq_active.set(this.activeRequests);
    if (this.activeRequests === 0) this.stats['circuit_breakers.default.rq_open'].set(0);
  }

  countStatus(status: number): void {
    const s = this.stats;
    s.upstream_rq_completed.inc();
    const cls = (status / 100) | 0;
    (cls === 2 ? s.upstream_rq_2xx : cls === 5 ? s.upstream_rq_5xx : cls === 4 ? s.upstream_rq_4xx : cls === 3 ? s.upstream_rq_3xx : s.upstream_rq_1xx).inc();
    let st = this.#byStatus.get(status);
    if (!st) this.#byStatus.set(status, (st = this.#store.counter(`cluster.${this.name}.upstream_rq_${status}`)));
    st.inc();
  }

  /** ORIGINAL_DST: the host for a destination taken from the request. */
  originalDestination(address: string, port: number): Host {
    const key = `${address}:${port}`;
    let h = this.#dynamic.get(key);
    if (!h) {
      h = new Host(address, port, { address, port, health: 'HEALTHY', weight: 1, locality: { region: '', zone: '', subZone: '' } });
      this.#dynamic.set(key, h);
      this.hosts = [...this.hosts, h];
      this.refreshMembership();
    }
    return h;
  }

  destroy(): void {
    this.h1.destroy();
    this.h2.destroy();
  }
}
