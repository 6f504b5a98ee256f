/** Listener proto → ListenerConfig (pure). Network filters: HTTP connection manager or TCP proxy. */
import { FILE_ACCESS_LOG_TYPE_URL, HTTP_CONNECTION_MANAGER_TYPE_URL, ORIGINAL_DST_FILTER_TYPE_URL, ROUTER_TYPE_URL, TCP_PROXY_TYPE_URL } from '../../xds-api/type-urls.js';
import { fromStruct, type ProtoStruct } from '../../xds-api/well-known.js';
import { compileRouteTable } from './compile-routes.js';
import type { AccessLogConfig, FilterChain, HttpConnectionManagerConfig, ListenerConfig, TcpProxyConfig } from './model.js';
import { anyOf, bool, ConfigError, ms, num, obj, objs, oneof, str, type P } from './proto-read.js';

function jsonFormat(s: unknown): Map<string, string> | undefined {
  const o = obj(s);
  if (!o) return undefined;
  const m = new Map<string, string>();
  for (const [k, v] of Object.entries(fromStruct(o as ProtoStruct))) m.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  return m.size > 0 ? m : undefined;
}

export function compileAccessLogs(list: unknown, path: string): AccessLogConfig[] {
  return objs(list).map((log, i) => {
    const at = `${path}[${i}]`;
    const any = anyOf(log['typed_config']);
    if (any?.typeUrl !== FILE_ACCESS_LOG_TYPE_URL) throw new ConfigError(`${at}.typed_config`, `unsupported access logger '${any?.typeUrl ?? 'none'}'`);
    const f = any.body;
    const lf = obj(f['log_format']);
    const text = str(obj(lf?.['text_format_source'])?.['inline_string']) || str(f['format']) || undefined;
    return { path: str(f['path']), textFormat: text, jsonFormat: jsonFormat(lf?.['json_format']) ?? jsonFormat(f['json_format']) };
  });
}

function compileHcm(h: P, version: string, path: string): HttpConnectionManagerConfig {
  const filters = objs(h['http_filters']);
  filters.forEach((f, i) => {
    const t = anyOf(f['typed_config'])?.typeUrl;
    const last = i === filters.length - 1;
    if (t === ROUTER_TYPE_URL && last) return;
    if (t === ROUTER_TYPE_URL) throw new ConfigError(`${path}.http_filters[${i}]`, 'the router filter must be the last filter');
    if (!bool(f['is_optional'])) throw new ConfigError(`${path}.http_filters[${i}]`, `unsupported HTTP filter '${str(f['name'])}' (${t ?? 'no typed_config'})`);
  });
  const spec = oneof(h, 'route_specifier');
  let rdsName: string | undefined;
  let inline: HttpConnectionManagerConfig['inlineRoutes'];
  if (spec === 'rds') rdsName = str(obj(h['rds'])?.['route_config_name']);
  else if (spec === 'route_config') inline = compileRouteTable(obj(h['route_config']) ?? {}, version, `${path}.route_config`);
  else throw new ConfigError(`${path}.route_specifier`, `unsupported route specifier '${spec || 'none'}'`);
  return {
    kind: 'http',
    statPrefix: str(h['stat_prefix']),
    rdsName,
    inlineRoutes: inline,
    accessLogs: compileAccessLogs(h['access_log'], `${path}.access_log`),
    requestTimeoutMs: ms(h['request_timeout']) ?? 0,
    streamIdleTimeoutMs: ms(h['stream_idle_timeout']) ?? 300_000,
    requestHeadersTimeoutMs: ms(h['request_headers_timeout']) ?? 0,
  };
}

function compileTcp(t: P, path: string): TcpProxyConfig {
  const spec = oneof(t, 'cluster_specifier');
  let clusters: Array<{ name: string; weight: number }>;
  if (spec === 'cluster') clusters = [{ name: str(t['cluster']), weight: 1 }];
  else if (spec === 'weighted_clusters') clusters = objs(obj(t['weighted_clusters'])?.['clusters']).map((c) => ({ name: str(c['name']), weight: num(c['weight']) }));
  else throw new ConfigError(`${path}.cluster_specifier`, `unsupported cluster specifier '${spec || 'none'}'`);
  const totalWeight = clusters.reduce((n, c) => n + c.weight, 0);
  if (totalWeight <= 0) throw new ConfigError(`${path}.weighted_clusters`, 'total weight must be greater than 0');
  return {
    kind: 'tcp',
    statPrefix: str(t['stat_prefix']),
    clusters,
    totalWeight,
    idleTimeoutMs: ms(t['idle_timeout']) ?? 3_600_000,
    accessLogs: compileAccessLogs(t['access_log'], `${path}.access_log`),
  };
}

function compileChain(chain: P, version: string, path: string): FilterChain {
  const filters = objs(chain['filters']);
  const last = filters[filters.length - 1];
  if (!last) throw new ConfigError(`${path}.filters`, 'must contain a network filter');
  if (filters.length > 1) throw new ConfigError(`${path}.filters`, 'only one network filter (HTTP connection manager or TCP proxy) is supported');
  const any = anyOf(last['typed_config']);
  const at = `${path}.filters[0].typed_config`;
  let action: FilterChain['action'];
  if (any?.typeUrl === HTTP_CONNECTION_MANAGER_TYPE_URL) action = compileHcm(any.body, version, at);
  else if (any?.typeUrl === TCP_PROXY_TYPE_URL) action = compileTcp(any.body, at);
  else throw new ConfigError(at, `unsupported network filter '${any?.typeUrl ?? str(last['name'])}'`);
  const port = obj(obj(chain['filter_chain_match'])?.['destination_port']);
  return { name: str(chain['name']), destinationPort: port ? num(port['value']) : undefined, action };
}

const ORIGINAL_DST_FILTER = 'envoy.filters.listener.original_dst';

export function compileListener(l: P, version: string): ListenerConfig {
  const name = str(l['name']);
  if (!name) throw new ConfigError('Listener.name', 'is required');
  const at = `Listener ${name}`;
  const sa = obj(obj(l['address'])?.['socket_address']);
  const port = num(sa?.['port_value']);
  if (!sa || port < 1 || port > 65535) throw new ConfigError(`${at}.address.socket_address`, 'an address with port_value 1-65535 is required');
  const chains = objs(l['filter_chains']).map((c, i) => compileChain(c, version, `${at}.filter_chains[${i}]`));
  const dc = obj(l['default_filter_chain']);
  const defaultChain = dc ? compileChain(dc, version, `${at}.default_filter_chain`) : undefined;
  if (chains.length === 0 && !defaultChain) throw new ConfigError(`${at}.filter_chains`, 'must not be empty');
  const useOriginalDst = bool(l['use_original_dst']) || objs(l['listener_filters']).some((f) => str(f['name']) === ORIGINAL_DST_FILTER || anyOf(f['typed_config'])?.typeUrl === ORIGINAL_DST_FILTER_TYPE_URL);
  return { name, address: str(sa['address']) || '0.0.0.0', port, chains, defaultChain, useOriginalDst };
}

/** Every RDS name a listener needs. */
export function rdsNamesOf(l: ListenerConfig): string[] {
  const all = l.defaultChain ? [...l.chains, l.defaultChain] : l.chains;
  return all.flatMap((c) => (c.action.kind === 'http' && c.action.rdsName ? [c.action.rdsName] : []));
}
