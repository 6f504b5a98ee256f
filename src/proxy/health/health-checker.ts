/**
 * Active health checking (HTTP and TCP) for clusters that configure `health_checks`. Each host is
 * checked every interval with a timeout; `unhealthy_threshold` consecutive failures mark it
 * failed_active_hc, `healthy_threshold` consecutive successes clear it. New hosts start healthy and are
 * checked at once (documented difference from Envoy, which holds them until the first pass).
 */
import http from 'node:http';
import net from 'node:net';
import type { Logger } from '../../core/log.js';
import type { HealthCheckConfig } from '../config/model.js';
import type { Cluster } from '../upstream/cluster.js';
import type { Host } from '../upstream/host.js';

interface HostState {
  timer: NodeJS.Timeout | undefined;
  successes: number;
  failures: number;
}

export function probe(hc: HealthCheckConfig, host: Host): Promise<'ok' | 'fail' | 'network'> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: 'ok' | 'fail' | 'network') => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      finish('network');
      cleanup();
    }, hc.timeoutMs);
    let cleanup = () => undefined as void;
    if (hc.kind === 'tcp') {
      const s = net.connect({ host: host.address, port: host.port }, () => {
        finish('ok');
        s.destroy();
      });
      s.on('error', () => finish('network'));
      cleanup = () => s.destroy();
      return;
    }
    const req = http.get({ host: host.address, port: host.port, path: hc.path, headers: { host: hc.host || host.key, 'user-agent': 'Envoy/HC' }, agent: false }, (res) => {
      const code = res.statusCode ?? 0;
      res.resume();
      finish(hc.expectedStatuses.some(([a, b]) => code >= a && code < b) ? 'ok' : 'fail');
    });
    req.on('error', () => finish('network'));
    cleanup = () => req.destroy();
  });
}

export class HealthChecker {
  readonly #states = new Map<Cluster, Map<Host, HostState>>();
  constructor(private readonly log: Logger) {}

  /** Starts checking a cluster's current hosts (and stops checking removed ones). */
  watch(cluster: Cluster): void {
    const hc = cluster.config.healthChecks[0];
    if (!hc) return this.unwatch(cluster);
    let states = this.#states.get(cluster);
    if (!states) this.#states.set(cluster, (states = new Map()));
    for (const [host, st] of states) {
      if (cluster.hosts.includes(host)) continue;
      if (st.timer) clearTimeout(st.timer);
      states.delete(host);
    }
    for (const host of cluster.hosts) {
      if (states.has(host)) continue;
      const st: HostState = { timer: undefined, successes: 0, failures: 0 };
      states.set(host, st);
      this.#schedule(cluster, host, st, 0);
    }
  }

  #schedule(cluster: Cluster, host: Host, st: HostState, delay: number): void {
    st.timer = setTimeout(() => void this.#check(cluster, host, st), delay);
    st.timer.unref();
  }

  async #check(cluster: Cluster, host: Host, st: HostState): Promise<void> {
    const hc = cluster.config.healthChecks[0];
    if (!hc || this.#states.get(cluster)?.get(host) !== st) return;
    const s = cluster.stats;
    s['health_check.attempt'].inc();
    const r = await probe(hc, host);
    if (this.#states.get(cluster)?.get(host) !== st) return;
    if (r === 'ok') {
      s['health_check.success'].inc();
      st.failures = 0;
      st.successes++;
      if (host.failedActiveHc && st.successes >= hc.healthyThreshold) {
        host.failedActiveHc = false;
        this.log.debug(`cluster ${cluster.name}: host ${host.key} is healthy again`);
        cluster.refreshMembership();
      }
    } else {
      s['health_check.failure'].inc();
      if (r === 'network') s['health_check.network_failure'].inc();
      st.successes = 0;
      st.failures++;
      if (!host.failedActiveHc && st.failures >= hc.unhealthyThreshold) {
        host.failedActiveHc = true;
        this.log.debug(`cluster ${cluster.name}: host ${host.key} failed ${st.failures} health checks; marked unhealthy`);
        cluster.refreshMembership();
      }
    }
    this.#schedule(cluster, host, st, hc.intervalMs);
  }

  unwatch(cluster: Cluster): void {
    const states = this.#states.get(cluster);
    if (!states) return;
    for (const st of states.values()) if (st.timer) clearTimeout(st.timer);
    this.#states.delete(cluster);
  }

  destroy(): void {
    for (const c of [...this.#states.keys()]) this.unwatch(c);
  }
}
