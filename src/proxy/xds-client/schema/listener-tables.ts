/** Listener, its filter chains and the network filters the proxy runs (HTTP connection manager, TCP proxy), as message tables. */
import { ROUTE_CONFIGURATION } from './route-tables.js';
import { f, table } from './table.js';
import { ACCESS_LOG, ADDRESS, BOOL_VALUE, DATA_SOURCE, DURATION, STRUCT, UINT32_VALUE } from './well-known-tables.js';

const FILTER = table('envoy.config.listener.v3.Filter', { 1: f.string('name'), 4: f.any('typed_config', { oneof: 'config_type' }), 5: f.opaque('config_discovery', 'config_type') });
const FILTER_CHAIN_MATCH = table('envoy.config.listener.v3.FilterChainMatch', { 8: f.message('destination_port', UINT32_VALUE) });
const FILTER_CHAIN = table('envoy.config.listener.v3.FilterChain', {
  1: f.message('filter_chain_match', FILTER_CHAIN_MATCH),
  3: f.message('filters', FILTER, { repeated: true }),
  7: f.string('name'),
});
const LISTENER_FILTER = table('envoy.config.listener.v3.ListenerFilter', { 1: f.string('name'), 3: f.any('typed_config', { oneof: 'config_type' }), 5: f.opaque('config_discovery', 'config_type') });

export const LISTENER = table('envoy.config.listener.v3.Listener', {
  1: f.string('name'),
  2: f.message('address', ADDRESS),
  3: f.message('filter_chains', FILTER_CHAIN, { repeated: true }),
  4: f.message('use_original_dst', BOOL_VALUE),
  9: f.message('listener_filters', LISTENER_FILTER, { repeated: true }),
  25: f.message('default_filter_chain', FILTER_CHAIN),
  27: f.opaque('internal_listener', 'listener_specifier'),
});

const RDS = table('envoy.extensions.filters.network.http_connection_manager.v3.Rds', { 2: f.string('route_config_name') });
const HTTP_FILTER = table('envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter', {
  1: f.string('name'),
  4: f.any('typed_config', { oneof: 'config_type' }),
  5: f.opaque('config_discovery', 'config_type'),
  6: f.bool('is_optional'),
  7: f.bool('disabled'),
});
const ROUTE_SPECIFIER = 'route_specifier';
export const HTTP_CONNECTION_MANAGER = table('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', {
  2: f.string('stat_prefix'),
  3: f.message('rds', RDS, { oneof: ROUTE_SPECIFIER }),
  4: f.message('route_config', ROUTE_CONFIGURATION, { oneof: ROUTE_SPECIFIER }),
  31: f.opaque('scoped_routes', ROUTE_SPECIFIER),
  5: f.message('http_filters', HTTP_FILTER, { repeated: true }),
  13: f.message('access_log', ACCESS_LOG, { repeated: true }),
  24: f.message('stream_idle_timeout', DURATION),
  28: f.message('request_timeout', DURATION),
  41: f.message('request_headers_timeout', DURATION),
});

const CLUSTER_WEIGHT = table('envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy.WeightedCluster.ClusterWeight', { 1: f.string('name'), 2: f.uint32('weight') });
const TCP_WEIGHTED_CLUSTER = table('envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy.WeightedCluster', { 1: f.message('clusters', CLUSTER_WEIGHT, { repeated: true }) });
export const TCP_PROXY = table('envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', {
  1: f.string('stat_prefix'),
  2: f.string('cluster', { oneof: 'cluster_specifier' }),
  10: f.message('weighted_clusters', TCP_WEIGHTED_CLUSTER, { oneof: 'cluster_specifier' }),
  8: f.message('idle_timeout', DURATION),
  5: f.message('access_log', ACCESS_LOG, { repeated: true }),
});

const FORMAT = 'format';
const SUBSTITUTION_FORMAT_STRING = table('envoy.config.core.v3.SubstitutionFormatString', {
  1: f.string('text_format', { oneof: FORMAT }),
  2: f.message('json_format', STRUCT, { oneof: FORMAT }),
  5: f.message('text_format_source', DATA_SOURCE, { oneof: FORMAT }),
});
const ACCESS_LOG_FORMAT = 'access_log_format';
export const FILE_ACCESS_LOG = table('envoy.extensions.access_loggers.file.v3.FileAccessLog', {
  1: f.string('path'),
  2: f.string('format', { oneof: ACCESS_LOG_FORMAT }),
  3: f.message('json_format', STRUCT, { oneof: ACCESS_LOG_FORMAT }),
  4: f.message('typed_json_format', STRUCT, { oneof: ACCESS_LOG_FORMAT }),
  5: f.message('log_format', SUBSTITUTION_FORMAT_STRING, { oneof: ACCESS_LOG_FORMAT }),
});
