/** Type URLs of the Envoy v3 resources and extensions Meshwork's control plane and proxy exchange. */

const PREFIX = 'type.googleapis.com/';

export const LISTENER_TYPE_URL = `${PREFIX}envoy.config.listener.v3.Listener`;
export const ROUTE_CONFIGURATION_TYPE_URL = `${PREFIX}envoy.config.route.v3.RouteConfiguration`;
export const CLUSTER_TYPE_URL = `${PREFIX}envoy.config.cluster.v3.Cluster`;
export const CLUSTER_LOAD_ASSIGNMENT_TYPE_URL = `${PREFIX}envoy.config.endpoint.v3.ClusterLoadAssignment`;
export const SECRET_TYPE_URL = `${PREFIX}envoy.extensions.transport_sockets.tls.v3.Secret`;

export const HTTP_CONNECTION_MANAGER_TYPE_URL = `${PREFIX}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`;
export const TCP_PROXY_TYPE_URL = `${PREFIX}envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`;
export const ROUTER_TYPE_URL = `${PREFIX}envoy.extensions.filters.http.router.v3.Router`;
export const HTTP_FAULT_TYPE_URL = `${PREFIX}envoy.extensions.filters.http.fault.v3.HTTPFault`;
export const FILE_ACCESS_LOG_TYPE_URL = `${PREFIX}envoy.extensions.access_loggers.file.v3.FileAccessLog`;
export const HTTP_PROTOCOL_OPTIONS_TYPE_URL = `${PREFIX}envoy.extensions.upstreams.http.v3.HttpProtocolOptions`;
export const ORIGINAL_DST_FILTER_TYPE_URL = `${PREFIX}envoy.extensions.filters.listener.original_dst.v3.OriginalDst`;
export const TLS_INSPECTOR_TYPE_URL = `${PREFIX}envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector`;
export const UPSTREAM_TLS_CONTEXT_TYPE_URL = `${PREFIX}envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext`;
export const DOWNSTREAM_TLS_CONTEXT_TYPE_URL = `${PREFIX}envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext`;

/** The four resource types of SotW ADS, in the order a server should send them (make before break). */
export const RESOURCE_TYPE_URLS = [
  CLUSTER_TYPE_URL,
  CLUSTER_LOAD_ASSIGNMENT_TYPE_URL,
  LISTENER_TYPE_URL,
  ROUTE_CONFIGURATION_TYPE_URL,
] as const;

export type ResourceTypeUrl = (typeof RESOURCE_TYPE_URLS)[number];

export function isResourceTypeUrl(url: string): url is ResourceTypeUrl {
  return (RESOURCE_TYPE_URLS as readonly string[]).includes(url);
}

/** `type.googleapis.com/envoy.config.listener.v3.Listener` → `envoy.config.listener.v3.Listener`. */
export function messageNameOf(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
}
