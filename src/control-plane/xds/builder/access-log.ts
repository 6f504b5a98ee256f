/**
 * The proxy's access log, as App Mesh configures it from the virtual node's or virtual gateway's
 * `logging.accessLog.file`: every HTTP connection manager and TCP proxy of the proxy's listeners gets
 * one FileAccessLog at that path, in Envoy's default text format unless the spec gives a `text` format
 * or `json` key/value pairs. Runs after the generators that create listeners.
 */
import { FILE_ACCESS_LOG_TYPE_URL, toStruct } from '../../../xds-api/index.js';
import type { BuildContext, Json, ResourceGenerator, XdsResources } from './model.js';

type Logging = NonNullable<NonNullable<ReturnType<BuildContext['mesh']['virtualNode']>>['logging']>;

const LOGGED_FILTERS = new Set(['envoy.filters.network.http_connection_manager', 'envoy.filters.network.tcp_proxy']);

/** The FileAccessLog entry for a logging spec, or undefined when the spec logs nothing. */
export function fileAccessLog(logging: Logging | undefined): Json | undefined {
  const file = logging?.accessLog?.file;
  if (!file) return undefined;
  const format = file.format;
  let logFormat: Json | undefined;
  if (format?.text !== undefined) logFormat = { text_format_source: { inline_string: format.text } };
  else if (format?.json !== undefined) logFormat = { json_format: toStruct(Object.fromEntries(format.json.map((kv) => [kv.key, kv.value]))) };
  return {
    name: 'envoy.access_loggers.file',
    typed_config: { '@type': FILE_ACCESS_LOG_TYPE_URL, path: file.path, ...(logFormat ? { log_format: logFormat } : {}) },
  };
}

function withAccessLog(filter: Json, entry: Json): Json {
  if (typeof filter['name'] !== 'string' || !LOGGED_FILTERS.has(filter['name'])) return filter;
  const config = filter['typed_config'] as Json;
  return { ...filter, typed_config: { ...config, access_log: [entry] } };
}

function chainWithAccessLog(chain: unknown, entry: Json): unknown {
  if (chain === null || typeof chain !== 'object') return chain;
  const c = chain as Json;
  const filters = Array.isArray(c['filters']) ? (c['filters'] as Json[]).map((f) => withAccessLog(f, entry)) : c['filters'];
  return { ...c, filters };
}

export const accessLogGenerator: ResourceGenerator = {
  name: 'access-log',
  generate(ctx: BuildContext, out: XdsResources): void {
    const { proxy, mesh } = ctx;
    const logging = proxy.kind === 'virtualNode' ? mesh.virtualNode(proxy.name)?.logging : mesh.virtualGateway(proxy.name)?.logging;
    const entry = fileAccessLog(logging);
    if (!entry) return;
    for (const [name, listener] of out.listeners) {
      const next: Json = { ...listener };
      if (Array.isArray(listener['filter_chains'])) next['filter_chains'] = listener['filter_chains'].map((c) => chainWithAccessLog(c, entry));
      if (listener['default_filter_chain'] !== undefined) next['default_filter_chain'] = chainWithAccessLog(listener['default_filter_chain'], entry);
      out.listeners.set(name, next);
    }
  },
};
