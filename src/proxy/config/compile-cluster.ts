/** Cluster and ClusterLoadAssignment protos → ClusterConfig / EndpointAssignment (pure). */
import { HTTP_PROTOCOL_OPTIONS_TYPE_URL } from '../../xds-api/type-urls.js';
import type { CircuitBreakers, ClusterConfig, ClusterType, EndpointAssignment, EndpointConfig, HealthCheckConfig, LbPolicyName, OutlierDetectionConfig } from './model.js';
import { anyOf, ConfigError, ms, num, obj, objs, oneof, str, wrapped, type P } from './proto-read.js';

const CLUSTER_TYPES: readonly ClusterType[] = ['STATIC', 'STRICT_DNS', 'LOGICAL_DNS', 'EDS', 'ORIGINAL_DST'];
const LB_POLICIES: readonly LbPolicyName[] = ['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM'];
const MAX = 2 ** 31 - 1;
/** Envoy's defaults, shown by /clusters. */
const DEFAULT_BREAKERS: CircuitBreakers = { maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3 };

function breakers(c: P): CircuitBreakers {
  const th = objs(obj(c['circuit_breakers'])?.['thresholds']).find((t) => str(t['priority']) !== 'HIGH');
  if (!th) return DEFAULT_BREAKERS;
  const v = (key: string, d: number) => Math.min(wrapped(th[key]) ?? d, MAX);
  return {
    maxConnections: v('max_connections', DEFAULT_BREAKERS.maxConnections),
    maxPendingRequests: v('max_pending_requests', DEFAULT_BREAKERS.maxPendingRequests),
    maxRequests: v('max_requests', DEFAULT_BREAKERS.maxRequests),
    maxRetries: v('max_retries', DEFAULT_BREAKERS.maxRetries),
  };
}

function healthChecks(c: P, path: string): HealthCheckConfig[] {
  return objs(c['health_checks']).map((h, i) => {
    const at = `${path}.health_checks[${i}]`;
    const which = oneof(h, 'health_checker');
    if (which !== 'http_health_check' && which !== 'tcp_health_check' && which !== 'grpc_health_check') throw new ConfigError(at, `unsupported health checker '${which || 'none'}'`);
    const http = obj(h['http_health_check']) ?? {};
    const grpc = obj(h['grpc_health_check']) ?? {};
    const ranges = objs(http['expected_statuses']).map((r) => [num(r['start']), num(r['end'])] as const);
    const intervalMs = ms(h['interval']);
    const timeoutMs = ms(h['timeout']);
    if (!intervalMs || !timeoutMs) throw new ConfigError(at, 'interval and timeout are required and must be greater than 0');
    return {
      kind: which === 'http_health_check' ? 'http' : which === 'grpc_health_check' ? 'grpc' : 'tcp',
      intervalMs,
      timeoutMs,
      healthyThreshold: wrapped(h['healthy_threshold']) ?? 1,
      unhealthyThreshold: wrapped(h['unhealthy_threshold']) ?? 1,
      path: str(http['path']) || '/',
      host: str(http['host']) || str(grpc['authority']),
      grpcService: str(grpc['service_name']),
      expectedStatuses: ranges.length > 0 ? ranges : [[200, 201]],
    };
  });
}

function outlier(c: P): OutlierDetectionConfig | undefined {
  const o = obj(c['outlier_detection']);
  if (!o) return undefined;
  const base = ms(o['base_ejection_time']) ?? 30_000;
  return {
    consecutive5xx: wrapped(o['consecutive_5xx']) ?? 5,
    consecutiveGatewayFailure: wrapped(o['consecutive_gateway_failure']) ?? 5,
    enforcingConsecutive5xx: wrapped(o['enforcing_consecutive_5xx']) ?? 100,
    enforcingConsecutiveGatewayFailure: wrapped(o['enforcing_consecutive_gateway_failure']) ?? 0,
    intervalMs: ms(o['interval']) ?? 10_000,
    baseEjectionTimeMs: base,
    maxEjectionTimeMs: ms(o['max_ejection_time']) ?? Math.max(300_000, base),
    maxEjectionPercent: wrapped(o['max_ejection_percent']) ?? 10,
  };
}

function usesHttp2(c: P): boolean {
  if (obj(c['http2_protocol_options'])) return true;
  const opts = obj(c['typed_extension_protocol_options']) ?? {};
  for (const v of Object.values(opts)) {
    const any = anyOf(v);
    if (any?.typeUrl !== HTTP_PROTOCOL_OPTIONS_TYPE_URL) continue;
    const explicit = obj(any.body['explicit_http_config']);
    if (explicit && obj(explicit['http2_protocol_options'])) return true;
  }
  return false;
}

export function compileEndpoints(cla: P, path: string): EndpointConfig[] {
  const out: EndpointConfig[] = [];
  objs(cla['endpoints']).forEach((group, i) => {
    const loc = obj(group['locality']) ?? {};
    objs(group['lb_endpoints']).forEach((e, j) => {
      const at = `${path}.endpoints[${i}].lb_endpoints[${j}].endpoint.address.socket_address`;
      const sa = obj(obj(obj(e['endpoint'])?.['address'])?.['socket_address']);
      if (!sa) throw new ConfigError(at, 'a socket address is required');
      const port = num(sa['port_value']);
      if (!str(sa['address']) || port < 1 || port > 65535) throw new ConfigError(at, 'address and port_value 1-65535 are required');
      out.push({
        address: str(sa['address']),
        port,
        health: (str(e['health_status']) || 'UNKNOWN') as EndpointConfig['health'],
        weight: wrapped(e['load_balancing_weight']) ?? 1,
        locality: { region: str(loc['region']), zone: str(loc['zone']), subZone: str(loc['sub_zone']) },
      });
    });
  });
  return out;
}

export function compileCluster(c: P, path = 'Cluster'): ClusterConfig {
  const name = str(c['name']);
  if (!name) throw new ConfigError(`${path}.name`, 'is required');
  const at = `Cluster ${name}`;
  if (oneof(c, 'cluster_discovery_type') === 'cluster_type') throw new ConfigError(`${at}.cluster_type`, 'custom cluster types are not supported');
  const typeName = str(c['type']) || 'STATIC';
  const type = CLUSTER_TYPES.find((t) => t === typeName);
  if (!type) throw new ConfigError(`${at}.type`, `unsupported cluster type '${typeName}'`);
  const lbName = str(c['lb_policy']) || 'ROUND_ROBIN';
  const lbPolicy = type === 'ORIGINAL_DST' ? 'ROUND_ROBIN' : LB_POLICIES.find((p) => p === lbName);
  if (!lbPolicy) throw new ConfigError(`${at}.lb_policy`, `unsupported load balancing policy '${lbName}'`);
  const eds = obj(c['eds_cluster_config']);
  const la = obj(c['load_assignment']);
  return {
    name,
    type,
    lbPolicy,
    connectTimeoutMs: ms(c['connect_timeout']) ?? 5000,
    http2: usesHttp2(c),
    circuitBreakers: breakers(c),
    healthChecks: healthChecks(c, at),
    outlier: outlier(c),
    edsName: type === 'EDS' ? str(eds?.['service_name']) || name : undefined,
    inlineEndpoints: la ? compileEndpoints(la, `${at}.load_assignment`) : [],
    idleTimeoutMs: ms(obj(c['common_http_protocol_options'])?.['idle_timeout']) ?? 3_600_000,
    dnsRefreshMs: ms(c['dns_refresh_rate']) || 5000,
    dnsFamily: str(c['dns_lookup_family']) === 'V4_ONLY' ? 4 : str(c['dns_lookup_family']) === 'V6_ONLY' ? 6 : 0,
  };
}

export function compileAssignment(cla: P): EndpointAssignment {
  const clusterName = str(cla['cluster_name']);
  if (!clusterName) throw new ConfigError('ClusterLoadAssignment.cluster_name', 'is required');
  return { clusterName, endpoints: compileEndpoints(cla, `ClusterLoadAssignment ${clusterName}`) };
}
