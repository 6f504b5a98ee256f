/**
 * /config_dump: the accepted xDS resources in Envoy's ConfigDump layout (proto field names). The proxy
 * keeps each accepted resource's encoded bytes; they are decoded here with the full Envoy protobufjs
 * root, which is loaded (dynamic import) on the first /config_dump only, so a proxy that is never asked
 * does not carry it.
 */
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../xds-api/type-urls.js';
import type { Proxy } from '../proxy.js';

const ADMIN = 'type.googleapis.com/envoy.admin.v3.';

function toJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}

export async function configDump(proxy: Proxy, params: URLSearchParams): Promise<string> {
  const { decodeMessage } = await import('../../xds-api/any.js');
  const st = proxy.ads.state;
  type TypeUrl = Parameters<typeof st.of>[0];
  const entries = (t: TypeUrl) => [...st.of(t).entries.values()].map((e) => ({ ...e, raw: decodeMessage(t, e.bytes) }));
  const status = (t: TypeUrl) => (st.of(t).lastError ? 'NACKED' : 'ACKED');
  const node = proxy.options.node;
  const configs: Array<Record<string, unknown>> = [
    { '@type': `${ADMIN}BootstrapConfigDump`, bootstrap: { node: { id: node.id, cluster: node.cluster }, dynamic_resources: { ads_config: { api_type: 'GRPC', transport_api_version: 'V3' }, cds_config: { ads: {} }, lds_config: { ads: {} } } }, last_updated: new Date(proxy.startedAt).toISOString() },
    {
      '@type': `${ADMIN}ClustersConfigDump`,
      version_info: st.of(CLUSTER_TYPE_URL).version,
      dynamic_active_clusters: entries(CLUSTER_TYPE_URL).map((e) => ({ version_info: e.version, cluster: { '@type': CLUSTER_TYPE_URL, ...e.raw }, last_updated: e.lastUpdated.toISOString(), client_status: status(CLUSTER_TYPE_URL) })),
    },
  ];
  if (params.has('include_eds')) {
    configs.push({ '@type': `${ADMIN}EndpointsConfigDump`, dynamic_endpoint_configs: entries(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL).map((e) => ({ version_info: e.version, endpoint_config: { '@type': CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, ...e.raw }, last_updated: e.lastUpdated.toISOString() })) });
  }
  configs.push(
    {
      '@type': `${ADMIN}ListenersConfigDump`,
      version_info: st.of(LISTENER_TYPE_URL).version,
      dynamic_listeners: entries(LISTENER_TYPE_URL).map((e) => ({
        name: e.raw['name'],
        active_state: { version_info: e.version, listener: { '@type': LISTENER_TYPE_URL, ...e.raw }, last_updated: e.lastUpdated.toISOString() },
        client_status: status(LISTENER_TYPE_URL),
      })),
    },
    {
      '@type': `${ADMIN}RoutesConfigDump`,
      dynamic_route_configs: entries(ROUTE_CONFIGURATION_TYPE_URL).map((e) => ({ version_info: e.version, route_config: { '@type': ROUTE_CONFIGURATION_TYPE_URL, ...e.raw }, last_updated: e.lastUpdated.toISOString(), client_status: status(ROUTE_CONFIGURATION_TYPE_URL) })),
    },
  );
  const resource = params.get('resource');
  if (resource) {
    const items = configs.flatMap((c) => (Array.isArray(c[resource]) ? (c[resource] as unknown[]) : []));
    return JSON.stringify(toJson({ configs: items }), null, 1);
  }
  return JSON.stringify(toJson({ configs }), null, 1);
}
