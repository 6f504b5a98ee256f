/**
 * Small constructors for recurring Envoy v3 shapes, in proto field names. Pure functions only.
 */
import {
  durationFromMs,
  HTTP_CONNECTION_MANAGER_TYPE_URL,
  HTTP_PROTOCOL_OPTIONS_TYPE_URL,
  ORIGINAL_DST_FILTER_TYPE_URL,
  ROUTER_TYPE_URL,
  TCP_PROXY_TYPE_URL,
} from '../../../xds-api/index.js';
import type { Json } from './model.js';
import type { Duration, PortProtocol } from './spec.js';


/** The largest threshold Envoy takes; App Mesh sends it for every unset circuit breaker. */
export const MAX_THRESHOLD = 2147483647;

/** `google.protobuf.Duration` from milliseconds. */
export function durationMs(ms: number): Json {
  return { ...durationFromMs(ms) };
}

/** App Mesh `{unit, value}` → milliseconds. */
export function toMs(d: Duration): number {
  return d.unit === 's' ? d.value * 1000 : d.value;
}

export const duration = (d: Duration): Json => durationMs(toMs(d));

export const ads = (): Json => ({ ads: {}, resource_api_version: 'V3' });

export function socketAddress(address: string, port: number): Json {
  return { socket_address: { address, port_value: port } };
}

export function isHttpLike(protocol: PortProtocol): boolean {
  return protocol !== 'tcp';
}

/** An HTTP connection manager filter using RDS over ADS, ending in the router filter. */
export function httpConnectionManager(statPrefix: string, routeConfigName: string, extra: Json = {}): Json {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: {
      '@type': HTTP_CONNECTION_MANAGER_TYPE_URL,
      stat_prefix: statPrefix,
      rds: { config_source: ads(), route_config_name: routeConfigName },
      http_filters: [routerFilter()],
      ...extra,
    },
  };
}

export function routerFilter(): Json {
  return { name: 'envoy.filters.http.router', typed_config: { '@type': ROUTER_TYPE_URL } };
}

export function tcpProxy(statPrefix: string, target: Json, idle?: Duration): Json {
  return {
    name: 'envoy.filters.network.tcp_proxy',
    typed_config: {
      '@type': TCP_PROXY_TYPE_URL,
      stat_prefix: statPrefix,
      ...target,
      ...(idle ? { idle_timeout: duration(idle) } : {}),
    },
  };
}

/** Cluster circuit breakers with App Mesh's defaults (every threshold at the maximum). */
export function circuitBreakers(overrides: Partial<Record<'max_connections' | 'max_pending_requests' | 'max_requests' | 'max_retries', number>> = {}): Json {
  return {
    thresholds: [
      {
        priority: 'DEFAULT',
        max_connections: { value: overrides.max_connections ?? MAX_THRESHOLD },
        max_pending_requests: { value: overrides.max_pending_requests ?? MAX_THRESHOLD },
        max_requests: { value: overrides.max_requests ?? MAX_THRESHOLD },
        max_retries: { value: overrides.max_retries ?? MAX_THRESHOLD },
      },
    ],
  };
}

/** Upstream protocol options: HTTP/2 towards http2 and grpc apps. */
export function protocolOptions(protocol: PortProtocol): Json {
  if (protocol !== 'http2' && protocol !== 'grpc') return {};
  return {
    typed_extension_protocol_options: {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
        '@type': HTTP_PROTOCOL_OPTIONS_TYPE_URL,
        explicit_http_config: { http2_protocol_options: {} },
      },
    },
  };
}

/** The listener filter that recovers the pre-redirect destination (iptables REDIRECT). */
export function originalDstFilter(): Json {
  return { name: 'envoy.filters.listener.original_dst', typed_config: { '@type': ORIGINAL_DST_FILTER_TYPE_URL } };
}
