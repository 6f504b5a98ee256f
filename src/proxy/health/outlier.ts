/**
 * Passive outlier detection as Envoy does it for consecutive 5xx and consecutive gateway failures:
 * a host that crosses the threshold is ejected for base_ejection_time × (times ejected), capped by
 * max_ejection_time, unless max_ejection_percent of the cluster is already ejected.
 */
import type { Logger } from '../../core/log.js';
import type { Cluster } from '../upstream/cluster.js';
import type { Host } from '../upstream/host.js';

/** success: a non-5xx response; error5xx: a 5xx other than a gateway error; gateway: 502/503/504 or a connect failure, reset or timeout. */
export type UpstreamResult = 'success' | 'error5xx' | 'gateway';

export function classifyStatus(status: number): UpstreamResult {
  if (status === 502 || status === 503 || status === 504) return 'gateway';
  return status >= 500 ? 'error5xx' : 'success';
}

export class OutlierDetector {
  readonly #timers = new Set<NodeJS.Timeout>();
  constructor(private readonly log: Logger, private readonly now: () => number = Date.now) {}

  record(cluster: Cluster, host: Host, result: UpstreamResult): void {
    const od = cluster.config.outlier;
    if (!od) return;
    if (result === 'success') {
      host.consecutive5xx = 0;
      host.consecutiveGatewayFailure = 0;
      return;
    }
    host.consecutive5xx++;
    if (result === 'gateway') host.consecutiveGatewayFailure++;
    const s = cluster.stats;
    if (od.consecutiveGatewayFailure > 0 && host.consecutiveGatewayFailure >= od.consecutiveGatewayFailure) {
      s['outlier_detection.ejections_detected_consecutive_gateway_failure'].inc();
      host.consecutiveGatewayFailure = 0;
      if (this.#roll(od.enforcingConsecutiveGatewayFailure)) this.#eject(cluster, host, 'consecutive_gateway_failure');
    }
    if (od.consecutive5xx > 0 && host.consecutive5xx >= od.consecutive5xx) {
      s['outlier_detection.ejections_detected_consecutive_5xx'].inc();
      host.consecutive5xx = 0;
      if (this.#roll(od.enforcingConsecutive5xx)) this.#eject(cluster, host, 'consecutive_5xx');
    }
  }

  #roll(percent: number): boolean {
    return percent >= 100 || Math.random() * 100 < percent;
  }

  #eject(cluster: Cluster, host: Host, reason: 'consecutive_5xx' | 'consecutive_gateway_failure'): void {
    const od = cluster.config.outlier!;
    if (host.ejected) return;
    const ejected = cluster.hosts.filter((h) => h.ejected).length;
    // Envoy always allows ejecting at least one host.
    if (ejected > 0 && ((ejected + 1) / cluster.hosts.length) * 100 > od.maxEjectionPercent) {
      cluster.stats['outlier_detection.ejections_overflow'].inc();
      return;
    }
    host.ejectionCount++;
    const duration = Math.min(od.baseEjectionTimeMs * host.ejectionCount, od.maxEjectionTimeMs);
    host.ejectedUntil = this.now() + duration;
    cluster.stats['outlier_detection.ejections_enforced_total'].inc();
    cluster.stats[`outlier_detection.ejections_enforced_${reason}`].inc();
    cluster.refreshMembership();
    this.log.debug(`cluster ${cluster.name}: ejected host ${host.key} for ${duration} ms (${reason})`);
    const t = setTimeout(() => {
      this.#timers.delete(t);
      host.ejectedUntil = 0;
      cluster.refreshMembership();
      this.log.debug(`cluster ${cluster.name}: host ${host.key} returned from ejection`);
    }, duration);
    t.unref();
    this.#timers.add(t);
  }

  destroy(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
