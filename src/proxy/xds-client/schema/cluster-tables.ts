/** Cluster, ClusterLoadAssignment and the upstream HTTP protocol options, as message tables. */
import { f, table } from './table.js';
import { ADDRESS, DURATION, EMPTY, INT64_RANGE, UINT32_VALUE } from './well-known-tables.js';

const LOCALITY = table('envoy.config.core.v3.Locality', { 1: f.string('region'), 2: f.string('zone'), 3: f.string('sub_zone') });
const ENDPOINT = table('envoy.config.endpoint.v3.Endpoint', { 1: f.message('address', ADDRESS) });
const HOST = 'host_identifier';
const LB_ENDPOINT = table('envoy.config.endpoint.v3.LbEndpoint', {
  1: f.message('endpoint', ENDPOINT, { oneof: HOST }),
  5: f.string('endpoint_name', { oneof: HOST }),
  2: f.enum('health_status', ['UNKNOWN', 'HEALTHY', 'UNHEALTHY', 'DRAINING', 'TIMEOUT', 'DEGRADED']),
  4: f.message('load_balancing_weight', UINT32_VALUE),
});
const LOCALITY_LB_ENDPOINTS = table('envoy.config.endpoint.v3.LocalityLbEndpoints', {
  1: f.message('locality', LOCALITY),
  2: f.message('lb_endpoints', LB_ENDPOINT, { repeated: true }),
});
export const CLUSTER_LOAD_ASSIGNMENT = table('envoy.config.endpoint.v3.ClusterLoadAssignment', {
  1: f.string('cluster_name'),
  2: f.message('endpoints', LOCALITY_LB_ENDPOINTS, { repeated: true }),
});

const THRESHOLDS = table('envoy.config.cluster.v3.CircuitBreakers.Thresholds', {
  1: f.enum('priority', ['DEFAULT', 'HIGH']),
  2: f.message('max_connections', UINT32_VALUE),
  3: f.message('max_pending_requests', UINT32_VALUE),
  4: f.message('max_requests', UINT32_VALUE),
  5: f.message('max_retries', UINT32_VALUE),
});
const CIRCUIT_BREAKERS = table('envoy.config.cluster.v3.CircuitBreakers', { 1: f.message('thresholds', THRESHOLDS, { repeated: true }) });
const HTTP_HEALTH_CHECK = table('envoy.config.core.v3.HealthCheck.HttpHealthCheck', { 1: f.string('host'), 2: f.string('path'), 9: f.message('expected_statuses', INT64_RANGE, { repeated: true }) });
const GRPC_HEALTH_CHECK = table('envoy.config.core.v3.HealthCheck.GrpcHealthCheck', { 1: f.string('service_name'), 2: f.string('authority') });
const CHECKER = 'health_checker';
const HEALTH_CHECK = table('envoy.config.core.v3.HealthCheck', {
  1: f.message('timeout', DURATION),
  2: f.message('interval', DURATION),
  4: f.message('unhealthy_threshold', UINT32_VALUE),
  5: f.message('healthy_threshold', UINT32_VALUE),
  8: f.message('http_health_check', HTTP_HEALTH_CHECK, { oneof: CHECKER }),
  9: f.message('tcp_health_check', EMPTY('envoy.config.core.v3.HealthCheck.TcpHealthCheck'), { oneof: CHECKER }),
  11: f.message('grpc_health_check', GRPC_HEALTH_CHECK, { oneof: CHECKER }),
  13: f.opaque('custom_health_check', CHECKER),
});
const OUTLIER_DETECTION = table('envoy.config.cluster.v3.OutlierDetection', {
  1: f.message('consecutive_5xx', UINT32_VALUE),
  2: f.message('interval', DURATION),
  3: f.message('base_ejection_time', DURATION),
  4: f.message('max_ejection_percent', UINT32_VALUE),
  5: f.message('enforcing_consecutive_5xx', UINT32_VALUE),
  10: f.message('consecutive_gateway_failure', UINT32_VALUE),
  11: f.message('enforcing_consecutive_gateway_failure', UINT32_VALUE),
  21: f.message('max_ejection_time', DURATION),
});
const CORE_HTTP_PROTOCOL_OPTIONS = table('envoy.config.core.v3.HttpProtocolOptions', { 1: f.message('idle_timeout', DURATION) });
const HTTP2_PROTOCOL_OPTIONS = EMPTY('envoy.config.core.v3.Http2ProtocolOptions');
const DISCOVERY = 'cluster_discovery_type';
const LB_CONFIG = 'lb_config';
export const CLUSTER = table('envoy.config.cluster.v3.Cluster', {
  1: f.string('name'),
  2: f.enum('type', ['STATIC', 'STRICT_DNS', 'LOGICAL_DNS', 'EDS', 'ORIGINAL_DST'], { oneof: DISCOVERY }),
  38: f.opaque('cluster_type', DISCOVERY),
  3: f.message('eds_cluster_config', table('envoy.config.cluster.v3.Cluster.EdsClusterConfig', { 2: f.string('service_name') })),
  4: f.message('connect_timeout', DURATION),
  6: f.enum('lb_policy', { 0: 'ROUND_ROBIN', 1: 'LEAST_REQUEST', 2: 'RING_HASH', 3: 'RANDOM', 5: 'MAGLEV', 6: 'CLUSTER_PROVIDED', 7: 'LOAD_BALANCING_POLICY_CONFIG' }),
  33: f.message('load_assignment', CLUSTER_LOAD_ASSIGNMENT),
  8: f.message('health_checks', HEALTH_CHECK, { repeated: true }),
  10: f.message('circuit_breakers', CIRCUIT_BREAKERS),
  29: f.message('common_http_protocol_options', CORE_HTTP_PROTOCOL_OPTIONS),
  14: f.message('http2_protocol_options', HTTP2_PROTOCOL_OPTIONS),
  36: f.mapOfAny('typed_extension_protocol_options'),
  16: f.message('dns_refresh_rate', DURATION),
  17: f.enum('dns_lookup_family', ['AUTO', 'V4_ONLY', 'V6_ONLY', 'V4_PREFERRED', 'ALL']),
  19: f.message('outlier_detection', OUTLIER_DETECTION),
  23: f.opaque('ring_hash_lb_config', LB_CONFIG),
  52: f.opaque('maglev_lb_config', LB_CONFIG),
  34: f.opaque('original_dst_lb_config', LB_CONFIG),
  37: f.opaque('least_request_lb_config', LB_CONFIG),
  56: f.opaque('round_robin_lb_config', LB_CONFIG),
});

const PROTOCOL = 'protocol_config';
const EXPLICIT_HTTP_CONFIG = table('envoy.extensions.upstreams.http.v3.HttpProtocolOptions.ExplicitHttpConfig', {
  1: f.message('http_protocol_options', EMPTY('envoy.config.core.v3.Http1ProtocolOptions'), { oneof: PROTOCOL }),
  2: f.message('http2_protocol_options', HTTP2_PROTOCOL_OPTIONS, { oneof: PROTOCOL }),
  3: f.opaque('http3_protocol_options', PROTOCOL),
});
const UPSTREAM = 'upstream_protocol_options';
export const HTTP_PROTOCOL_OPTIONS = table('envoy.extensions.upstreams.http.v3.HttpProtocolOptions', {
  1: f.message('common_http_protocol_options', CORE_HTTP_PROTOCOL_OPTIONS),
  3: f.message('explicit_http_config', EXPLICIT_HTTP_CONFIG, { oneof: UPSTREAM }),
  4: f.opaque('use_downstream_protocol_config', UPSTREAM),
  5: f.opaque('auto_config', UPSTREAM),
});
