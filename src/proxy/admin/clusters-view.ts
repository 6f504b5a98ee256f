/** /clusters in Envoy's text and JSON forms. */
import type { Proxy } from '../proxy.js';
import type { Cluster } from '../upstream/cluster.js';

function textOf(c: Cluster): string {
  const n = c.name;
  const cb = c.config.circuitBreakers;
  const lines = [`${n}::observability_name::${n}`];
  if (c.config.outlier) lines.push(`${n}::outlier::success_rate_average::-1`, `${n}::outlier::success_rate_ejection_threshold::-1`);
  for (const p of ['default_priority', 'high_priority']) {
    lines.push(`${n}::${p}::max_connections::${cb.maxConnections}`, `${n}::${p}::max_pending_requests::${cb.maxPendingRequests}`, `${n}::${p}::max_requests::${cb.maxRequests}`, `${n}::${p}::max_retries::${cb.maxRetries}`);
  }
  lines.push(`${n}::added_via_api::true`);
  if (c.config.edsName && c.config.edsName !== n) lines.push(`${n}::eds_service_name::${c.config.edsName}`);
  for (const h of c.hosts) {
    const k = `${n}::${h.key}`;
    lines.push(
      `${k}::cx_active::${h.cxActive}`, `${k}::cx_connect_fail::${h.cxConnectFail}`, `${k}::cx_total::${h.cxTotal}`, `${k}::rq_active::${h.rqActive}`,
      `${k}::rq_error::${h.rqError}`, `${k}::rq_success::${h.rqSuccess}`, `${k}::rq_timeout::${h.rqTimeout}`, `${k}::rq_total::${h.rqTotal}`,
      `${k}::hostname::`, `${k}::health_flags::${h.healthFlags()}`, `${k}::weight::${h.weight}`, `${k}::region::${h.locality.region}`,
      `${k}::zone::${h.locality.zone}`, `${k}::sub_zone::${h.locality.subZone}`, `${k}::canary::false`, `${k}::priority::0`,
      `${k}::success_rate::-1`, `${k}::local_origin_success_rate::-1`,
    );
  }
  return lines.join('\n') + '\n';
}

export function clustersText(proxy: Proxy, filter: string | null): string {
  let re: RegExp | undefined;
  try {
    re = filter ? new RegExp(filter) : undefined;
  } catch {
    return 'Invalid re2 regex\n';
  }
  return proxy.clusters.all().filter((c) => !re || re.test(c.name)).map(textOf).join('');
}

export function clustersJson(proxy: Proxy): string {
  const cluster_statuses = proxy.clusters.all().map((c) => ({
    name: c.name,
    added_via_api: true,
    observability_name: c.name,
    ...(c.config.edsName ? { eds_service_name: c.config.edsName } : {}),
    circuit_breakers: { thresholds: [{ priority: 'DEFAULT', max_connections: c.config.circuitBreakers.maxConnections, max_pending_requests: c.config.circuitBreakers.maxPendingRequests, max_requests: c.config.circuitBreakers.maxRequests, max_retries: c.config.circuitBreakers.maxRetries }] },
    host_statuses: c.hosts.map((h) => ({
      address: { socket_address: { address: h.address, port_value: h.port } },
      stats: [
        { name: 'cx_active', type: 'GAUGE', value: String(h.cxActive) },
        { name: 'cx_connect_fail', value: String(h.cxConnectFail) },
        { name: 'cx_total', value: String(h.cxTotal) },
        { name: 'rq_active', type: 'GAUGE', value: String(h.rqActive) },
        { name: 'rq_error', value: String(h.rqError) },
        { name: 'rq_success', value: String(h.rqSuccess) },
        { name: 'rq_timeout', value: String(h.rqTimeout) },
        { name: 'rq_total', value: String(h.rqTotal) },
      ],
      health_status: {
        eds_health_status: h.edsHealth,
        ...(h.failedActiveHc ? { failed_active_health_check: true } : {}),
        ...(h.ejected ? { failed_outlier_check: true } : {}),
      },
      weight: h.weight,
      locality: { region: h.locality.region, zone: h.locality.zone, sub_zone: h.locality.subZone },
    })),
  }));
  return JSON.stringify({ cluster_statuses }, null, 1);
}
