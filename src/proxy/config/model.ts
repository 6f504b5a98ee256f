/**
 * The proxy's compiled configuration model: what listeners, routes, clusters and endpoints mean once
 * decoded from xDS and checked. Everything here is immutable and precompiled (regexes, domain tables)
 * so the request path only reads.
 */

export interface StringMatcher {
  readonly kind: 'exact' | 'prefix' | 'suffix' | 'contains' | 'regex';
  readonly value: string;
  readonly regex: RegExp | undefined;
  readonly ignoreCase: boolean;
}

export type HeaderMatch =
  | { readonly kind: 'string'; readonly matcher: StringMatcher }
  | { readonly kind: 'present'; readonly present: boolean }
  | { readonly kind: 'range'; readonly start: number; readonly end: number };

export interface HeaderMatcher {
  /** Lower-case header name; pseudo headers `:method`, `:scheme`, `:authority`, `:path` are allowed. */
  readonly name: string;
  readonly match: HeaderMatch;
  readonly invert: boolean;
}

export interface QueryMatcher {
  readonly name: string;
  /** undefined: the parameter must be present. */
  readonly matcher: StringMatcher | undefined;
}

export type PathMatch =
  | { readonly kind: 'prefix'; readonly value: string; readonly caseSensitive: boolean }
  | { readonly kind: 'path'; readonly value: string; readonly caseSensitive: boolean }
  | { readonly kind: 'regex'; readonly regex: RegExp }
  | { readonly kind: 'separated-prefix'; readonly value: string; readonly caseSensitive: boolean };

export interface RouteMatch {
  readonly path: PathMatch;
  readonly headers: readonly HeaderMatcher[];
  readonly query: readonly QueryMatcher[];
}

export interface WeightedCluster {
  readonly name: string;
  readonly weight: number;
}

export interface RetryPolicy {
  /** Envoy retry_on conditions: 5xx, gateway-error, reset, connect-failure, retriable-4xx, refused-stream, retriable-status-codes, unavailable, … */
  readonly retryOn: ReadonlySet<string>;
  readonly numRetries: number;
  readonly perTryTimeoutMs: number | undefined;
  readonly retriableStatusCodes: ReadonlySet<number>;
  readonly baseIntervalMs: number;
  readonly maxIntervalMs: number;
}

export interface RouteAction {
  readonly kind: 'forward';
  readonly clusters: readonly WeightedCluster[];
  readonly totalWeight: number;
  /** 0 disables. Envoy's default is 15 s. */
  readonly timeoutMs: number;
  readonly idleTimeoutMs: number | undefined;
  readonly retry: RetryPolicy | undefined;
  readonly prefixRewrite: string | undefined;
  readonly regexRewrite: { readonly regex: RegExp; readonly substitution: string } | undefined;
  readonly hostRewrite: string | undefined;
}

export interface DirectResponse {
  readonly kind: 'direct';
  readonly status: number;
  readonly body: string;
}

export interface Route {
  readonly name: string;
  readonly match: RouteMatch;
  readonly action: RouteAction | DirectResponse;
}

export interface VirtualHost {
  readonly name: string;
  readonly domains: readonly string[];
  readonly routes: readonly Route[];
}

/** A route configuration with its domain lookup precompiled (exact, then suffix `*x`, prefix `x*`, then `*`). */
export interface RouteTable {
  readonly name: string;
  readonly version: string;
  readonly virtualHosts: readonly VirtualHost[];
  readonly exact: ReadonlyMap<string, VirtualHost>;
  readonly suffixes: ReadonlyArray<readonly [string, VirtualHost]>;
  readonly prefixes: ReadonlyArray<readonly [string, VirtualHost]>;
  readonly catchAll: VirtualHost | undefined;
}

export interface AccessLogConfig {
  readonly path: string;
  /** Text format with Envoy command operators, or undefined for Envoy's default format. */
  readonly textFormat: string | undefined;
  /** JSON keys → command operator strings. */
  readonly jsonFormat: ReadonlyMap<string, string> | undefined;
}

export interface HttpConnectionManagerConfig {
  readonly kind: 'http';
  readonly statPrefix: string;
  /** RDS name, or undefined when routes are inline. */
  readonly rdsName: string | undefined;
  readonly inlineRoutes: RouteTable | undefined;
  readonly accessLogs: readonly AccessLogConfig[];
  /** Whole-request timeout (HCM request_timeout); 0 disables. */
  readonly requestTimeoutMs: number;
  /** Stream idle timeout; Envoy's default is 5 minutes. */
  readonly streamIdleTimeoutMs: number;
  /** Header read timeout for slow clients (request_headers_timeout), 0 = the proxy default. */
  readonly requestHeadersTimeoutMs: number;
}

export interface TcpProxyConfig {
  readonly kind: 'tcp';
  readonly statPrefix: string;
  /** One cluster (weight 1) or weighted clusters, picked per connection. */
  readonly clusters: readonly WeightedCluster[];
  readonly totalWeight: number;
  readonly idleTimeoutMs: number;
  readonly accessLogs: readonly AccessLogConfig[];
}

export interface FilterChain {
  readonly name: string;
  readonly destinationPort: number | undefined;
  readonly action: HttpConnectionManagerConfig | TcpProxyConfig;
}

export interface ListenerConfig {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly chains: readonly FilterChain[];
  readonly defaultChain: FilterChain | undefined;
  /** The `original_dst` listener filter is on: chains match the connection's original destination. */
  readonly useOriginalDst: boolean;
}

export type ClusterType = 'STATIC' | 'STRICT_DNS' | 'LOGICAL_DNS' | 'EDS' | 'ORIGINAL_DST';
export type LbPolicyName = 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM';

export interface CircuitBreakers {
  readonly maxConnections: number;
  readonly maxPendingRequests: number;
  readonly maxRequests: number;
  readonly maxRetries: number;
}

export interface HealthCheckConfig {
  readonly kind: 'http' | 'tcp' | 'grpc';
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  /** HTTP path and host; for gRPC, `path` is unused and `host` is the authority. */
  readonly path: string;
  readonly host: string;
  /** Expected status ranges [start, end). Default [200, 201). */
  readonly expectedStatuses: ReadonlyArray<readonly [number, number]>;
  /** gRPC: the service name asked about ('' = the whole server). */
  readonly grpcService: string;
}

export interface OutlierDetectionConfig {
  readonly consecutive5xx: number;
  readonly consecutiveGatewayFailure: number;
  readonly enforcingConsecutive5xx: number;
  readonly enforcingConsecutiveGatewayFailure: number;
  readonly intervalMs: number;
  readonly baseEjectionTimeMs: number;
  readonly maxEjectionTimeMs: number;
  readonly maxEjectionPercent: number;
}

export interface EndpointConfig {
  readonly address: string;
  readonly port: number;
  readonly health: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN' | 'DRAINING' | 'TIMEOUT' | 'DEGRADED';
  readonly weight: number;
  readonly locality: { readonly region: string; readonly zone: string; readonly subZone: string };
}

export interface ClusterConfig {
  readonly name: string;
  readonly type: ClusterType;
  readonly lbPolicy: LbPolicyName;
  readonly connectTimeoutMs: number;
  readonly http2: boolean;
  readonly circuitBreakers: CircuitBreakers;
  readonly healthChecks: readonly HealthCheckConfig[];
  readonly outlier: OutlierDetectionConfig | undefined;
  /** EDS name (service_name or the cluster name) when type is EDS. */
  readonly edsName: string | undefined;
  /** Endpoints given inline (STATIC / DNS clusters). DNS ones still need resolving. */
  readonly inlineEndpoints: readonly EndpointConfig[];
  readonly idleTimeoutMs: number;
  /** DNS clusters: how often to re-resolve. */
  readonly dnsRefreshMs: number;
  /** dns_lookup_family: 4 (V4_ONLY), 6 (V6_ONLY) or 0 (any). */
  readonly dnsFamily: 0 | 4 | 6;
}

export interface EndpointAssignment {
  readonly clusterName: string;
  readonly endpoints: readonly EndpointConfig[];
}
