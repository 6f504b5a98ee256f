/** RouteConfiguration and everything in it the proxy reads, as message tables. */
import { f, table } from './table.js';
import { BOOL_VALUE, DATA_SOURCE, DURATION, INT64_RANGE, REGEX_MATCHER, STRING_MATCHER, UINT32_VALUE } from './well-known-tables.js';

const HEADER = 'header_match_specifier';
const HEADER_MATCHER = table('envoy.config.route.v3.HeaderMatcher', {
  1: f.string('name'),
  4: f.string('exact_match', { oneof: HEADER }),
  11: f.message('safe_regex_match', REGEX_MATCHER, { oneof: HEADER }),
  6: f.message('range_match', INT64_RANGE, { oneof: HEADER }),
  7: f.bool('present_match', { oneof: HEADER }),
  9: f.string('prefix_match', { oneof: HEADER }),
  10: f.string('suffix_match', { oneof: HEADER }),
  12: f.string('contains_match', { oneof: HEADER }),
  13: f.message('string_match', STRING_MATCHER, { oneof: HEADER }),
  8: f.bool('invert_match'),
});
const QUERY = 'query_parameter_match_specifier';
const QUERY_PARAMETER_MATCHER = table('envoy.config.route.v3.QueryParameterMatcher', {
  1: f.string('name'),
  5: f.message('string_match', STRING_MATCHER, { oneof: QUERY }),
  6: f.bool('present_match', { oneof: QUERY }),
});
const PATH = 'path_specifier';
const ROUTE_MATCH = table('envoy.config.route.v3.RouteMatch', {
  1: f.string('prefix', { oneof: PATH }),
  2: f.string('path', { oneof: PATH }),
  10: f.message('safe_regex', REGEX_MATCHER, { oneof: PATH }),
  12: f.opaque('connect_matcher', PATH),
  14: f.string('path_separated_prefix', { oneof: PATH }),
  15: f.opaque('path_match_policy', PATH),
  4: f.message('case_sensitive', BOOL_VALUE),
  6: f.message('headers', HEADER_MATCHER, { repeated: true }),
  7: f.message('query_parameters', QUERY_PARAMETER_MATCHER, { repeated: true }),
});

const RETRY_BACK_OFF = table('envoy.config.route.v3.RetryPolicy.RetryBackOff', { 1: f.message('base_interval', DURATION), 2: f.message('max_interval', DURATION) });
const RETRY_POLICY = table('envoy.config.route.v3.RetryPolicy', {
  1: f.string('retry_on'),
  2: f.message('num_retries', UINT32_VALUE),
  3: f.message('per_try_timeout', DURATION),
  7: f.uint32('retriable_status_codes', { repeated: true }),
  8: f.message('retry_back_off', RETRY_BACK_OFF),
});
const CLUSTER_WEIGHT = table('envoy.config.route.v3.WeightedCluster.ClusterWeight', { 1: f.string('name'), 2: f.message('weight', UINT32_VALUE) });
const WEIGHTED_CLUSTER = table('envoy.config.route.v3.WeightedCluster', { 1: f.message('clusters', CLUSTER_WEIGHT, { repeated: true }) });
const REGEX_MATCH_AND_SUBSTITUTE = table('envoy.type.matcher.v3.RegexMatchAndSubstitute', { 1: f.message('pattern', REGEX_MATCHER), 2: f.string('substitution') });
const CLUSTER = 'cluster_specifier';
const HOST = 'host_rewrite_specifier';
const ROUTE_ACTION = table('envoy.config.route.v3.RouteAction', {
  1: f.string('cluster', { oneof: CLUSTER }),
  2: f.string('cluster_header', { oneof: CLUSTER }),
  3: f.message('weighted_clusters', WEIGHTED_CLUSTER, { oneof: CLUSTER }),
  37: f.string('cluster_specifier_plugin', { oneof: CLUSTER }),
  39: f.opaque('inline_cluster_specifier_plugin', CLUSTER),
  5: f.string('prefix_rewrite'),
  32: f.message('regex_rewrite', REGEX_MATCH_AND_SUBSTITUTE),
  6: f.string('host_rewrite_literal', { oneof: HOST }),
  7: f.message('auto_host_rewrite', BOOL_VALUE, { oneof: HOST }),
  29: f.string('host_rewrite_header', { oneof: HOST }),
  35: f.opaque('host_rewrite_path_regex', HOST),
  8: f.message('timeout', DURATION),
  24: f.message('idle_timeout', DURATION),
  9: f.message('retry_policy', RETRY_POLICY),
});
const DIRECT_RESPONSE_ACTION = table('envoy.config.route.v3.DirectResponseAction', { 1: f.uint32('status'), 2: f.message('body', DATA_SOURCE) });
const ACTION = 'action';
const ROUTE = table('envoy.config.route.v3.Route', {
  14: f.string('name'),
  1: f.message('match', ROUTE_MATCH),
  2: f.message('route', ROUTE_ACTION, { oneof: ACTION }),
  3: f.opaque('redirect', ACTION),
  7: f.message('direct_response', DIRECT_RESPONSE_ACTION, { oneof: ACTION }),
  17: f.opaque('filter_action', ACTION),
  18: f.opaque('non_forwarding_action', ACTION),
});
const VIRTUAL_HOST = table('envoy.config.route.v3.VirtualHost', {
  1: f.string('name'),
  2: f.string('domains', { repeated: true }),
  3: f.message('routes', ROUTE, { repeated: true }),
  16: f.message('retry_policy', RETRY_POLICY),
});
export const ROUTE_CONFIGURATION = table('envoy.config.route.v3.RouteConfiguration', { 1: f.string('name'), 2: f.message('virtual_hosts', VIRTUAL_HOST, { repeated: true }) });
