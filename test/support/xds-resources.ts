/**
 * Builders for hand-written Envoy resources, for the few proxy tests and benchmarks that feed the proxy
 * through FakeAdsServer instead of the real control plane (test/support/real-mesh.ts).
 */
import type { ProtoObject } from '../../src/xds-api/any.js';
import { FILE_ACCESS_LOG_TYPE_URL, HTTP_CONNECTION_MANAGER_TYPE_URL, ROUTER_TYPE_URL } from '../../src/xds-api/type-urls.js';
import { durationFromMs } from '../../src/xds-api/well-known.js';

export const ADS = { ads: {}, resource_api_version: 'V3' };

export function httpListener(name: string, port: number, opts: { statPrefix: string; rds?: string; routeConfig?: ProtoObject; accessLogPath?: string; jsonLog?: Record<string, string>; address?: string; headersTimeoutMs?: number }): ProtoObject {
  const hcm: ProtoObject = {
    '@type': HTTP_CONNECTION_MANAGER_TYPE_URL,
    stat_prefix: opts.statPrefix,
    http_filters: [{ name: 'envoy.filters.http.router', typed_config: { '@type': ROUTER_TYPE_URL } }],
  };
  if (opts.headersTimeoutMs !== undefined) hcm['request_headers_timeout'] = durationFromMs(opts.headersTimeoutMs);
  if (opts.rds) hcm['rds'] = { route_config_name: opts.rds, config_source: ADS };
  if (opts.routeConfig) hcm['route_config'] = opts.routeConfig;
  if (opts.accessLogPath) {
    const fields = Object.fromEntries(Object.entries(opts.jsonLog ?? {}).map(([k, v]) => [k, { stringValue: v }]));
    hcm['access_log'] = [
      {
        name: 'envoy.access_loggers.file',
        typed_config: { '@type': FILE_ACCESS_LOG_TYPE_URL, path: opts.accessLogPath, ...(opts.jsonLog ? { log_format: { json_format: { fields } } } : {}) },
      },
    ];
  }
  return {
    name,
    address: { socket_address: { address: opts.address ?? '0.0.0.0', port_value: port } },
    filter_chains: [{ filters: [{ name: 'envoy.filters.network.http_connection_manager', typed_config: hcm }] }],
  };
}

export interface RouteSpec {
  prefix?: string;
  path?: string;
  regex?: string;
  headers?: ProtoObject[];
  query?: ProtoObject[];
  cluster?: string;
  weighted?: Array<[string, number]>;
  timeoutMs?: number;
  retry?: ProtoObject;
  prefixRewrite?: string;
}

export function route(spec: RouteSpec): ProtoObject {
  const match: ProtoObject = spec.path !== undefined ? { path: spec.path } : spec.regex !== undefined ? { safe_regex: { regex: spec.regex } } : { prefix: spec.prefix ?? '/' };
  if (spec.headers) match['headers'] = spec.headers;
  if (spec.query) match['query_parameters'] = spec.query;
  const action: ProtoObject = spec.weighted
    ? { weighted_clusters: { clusters: spec.weighted.map(([name, weight]) => ({ name, weight: { value: weight } })) } }
    : { cluster: spec.cluster };
  if (spec.timeoutMs !== undefined) action['timeout'] = durationFromMs(spec.timeoutMs);
  if (spec.retry) action['retry_policy'] = spec.retry;
  if (spec.prefixRewrite !== undefined) action['prefix_rewrite'] = spec.prefixRewrite;
  return { match, route: action };
}

export function routeConfig(name: string, vhosts: Array<{ name: string; domains: string[]; routes: ProtoObject[] }>): ProtoObject {
  return { name, virtual_hosts: vhosts };
}

export function edsCluster(name: string, extra: ProtoObject = {}): ProtoObject {
  return { name, type: 'EDS', connect_timeout: durationFromMs(250), eds_cluster_config: { eds_config: ADS }, ...extra };
}

export function staticCluster(name: string, endpoints: Array<[string, number]>, extra: ProtoObject = {}): ProtoObject {
  return { name, type: 'STATIC', connect_timeout: durationFromMs(250), load_assignment: assignment(name, endpoints), ...extra };
}

export function assignment(clusterName: string, endpoints: Array<[string, number] | [string, number, string]>): ProtoObject {
  return {
    cluster_name: clusterName,
    endpoints: [
      {
        locality: { region: '', zone: '', sub_zone: '' },
        load_balancing_weight: { value: 1 },
        lb_endpoints: endpoints.map(([address, port, health]) => ({
          endpoint: { address: { socket_address: { address, port_value: port } } },
          health_status: health ?? 'HEALTHY',
        })),
      },
    ],
  };
}
