/** RouteConfiguration proto → RouteTable (pure; throws ConfigError on what the proxy cannot honour). */
import { compileHeaderMatchers, compilePathMatch, compileQueryMatchers } from './compile-matchers.js';
import type { DirectResponse, RetryPolicy, Route, RouteAction, RouteTable, VirtualHost, WeightedCluster } from './model.js';
import { ConfigError, ms, num, obj, objs, oneof, regex, str, wrapped, type P } from './proto-read.js';

const DEFAULT_ROUTE_TIMEOUT_MS = 15_000;

export function compileRetryPolicy(r: P | undefined, path: string): RetryPolicy | undefined {
  if (!r) return undefined;
  const retryOn = new Set(str(r['retry_on']).split(',').map((s) => s.trim()).filter((s) => s !== ''));
  const backOff = obj(r['retry_back_off']);
  const base = ms(backOff?.['base_interval']) ?? 25;
  if (base <= 0) throw new ConfigError(`${path}.retry_back_off.base_interval`, 'must be greater than 0');
  return {
    retryOn,
    numRetries: wrapped(r['num_retries']) ?? 1,
    perTryTimeoutMs: ms(r['per_try_timeout']) || undefined,
    retriableStatusCodes: new Set(((r['retriable_status_codes'] as unknown[]) ?? []).map(num)),
    baseIntervalMs: base,
    maxIntervalMs: ms(backOff?.['max_interval']) ?? base * 10,
  };
}

function compileAction(route: P, vhostRetry: RetryPolicy | undefined, path: string): RouteAction | DirectResponse {
  const which = oneof(route, 'action');
  if (which === 'direct_response') {
    const d = obj(route['direct_response']) ?? {};
    const body = obj(d['body']);
    return { kind: 'direct', status: num(d['status']), body: body ? str(body['inline_string']) : '' };
  }
  if (which !== 'route') throw new ConfigError(`${path}.action`, `unsupported route action '${which || 'none'}'`);
  const a = obj(route['route']) ?? {};
  const at = `${path}.route`;
  let clusters: WeightedCluster[];
  const spec = oneof(a, 'cluster_specifier');
  if (spec === 'cluster') {
    clusters = [{ name: str(a['cluster']), weight: 1 }];
  } else if (spec === 'weighted_clusters') {
    const wc = obj(a['weighted_clusters']) ?? {};
    clusters = objs(wc['clusters']).map((c) => ({ name: str(c['name']), weight: wrapped(c['weight']) ?? 0 }));
    if (clusters.length === 0) throw new ConfigError(`${at}.weighted_clusters.clusters`, 'must not be empty');
  } else {
    throw new ConfigError(`${at}.cluster_specifier`, `unsupported cluster specifier '${spec || 'none'}'`);
  }
  const totalWeight = clusters.reduce((s, c) => s + c.weight, 0);
  if (totalWeight <= 0) throw new ConfigError(`${at}.weighted_clusters`, 'total weight must be greater than 0');
  const rr = obj(a['regex_rewrite']);
  const timeout = ms(a['timeout']);
  return {
    kind: 'forward',
    clusters,
    totalWeight,
    timeoutMs: timeout ?? DEFAULT_ROUTE_TIMEOUT_MS,
    idleTimeoutMs: ms(a['idle_timeout']),
    retry: compileRetryPolicy(obj(a['retry_policy']), `${at}.retry_policy`) ?? vhostRetry,
    prefixRewrite: str(a['prefix_rewrite']) || undefined,
    regexRewrite: rr
      ? { regex: new RegExp(regex(str(obj(rr['pattern'])?.['regex']), `${at}.regex_rewrite.pattern.regex`).source, 'g'), substitution: str(rr['substitution']) }
      : undefined,
    hostRewrite: oneof(a, 'host_rewrite_specifier') === 'host_rewrite_literal' ? str(a['host_rewrite_literal']) : undefined,
  };
}

function compileRoute(r: P, vhostRetry: RetryPolicy | undefined, path: string): Route {
  const match = obj(r['match']) ?? {};
  return {
    name: str(r['name']),
    match: {
      path: compilePathMatch(match, `${path}.match`),
      headers: compileHeaderMatchers(match['headers'], `${path}.match.headers`),
      query: compileQueryMatchers(match['query_parameters'], `${path}.match.query_parameters`),
    },
    action: compileAction(r, vhostRetry, path),
  };
}

export function compileRouteTable(rc: P, version: string, path = 'RouteConfiguration'): RouteTable {
  const virtualHosts: VirtualHost[] = objs(rc['virtual_hosts']).map((vh, i) => {
    const at = `${path}.virtual_hosts[${i}]`;
    const retry = compileRetryPolicy(obj(vh['retry_policy']), `${at}.retry_policy`);
    return {
      name: str(vh['name']),
      domains: ((vh['domains'] as unknown[]) ?? []).map((d) => str(d).toLowerCase()),
      routes: objs(vh['routes']).map((r, j) => compileRoute(r, retry, `${at}.routes[${j}]`)),
    };
  });
  const exact = new Map<string, VirtualHost>();
  const suffixes: Array<[string, VirtualHost]> = [];
  const prefixes: Array<[string, VirtualHost]> = [];
  let catchAll: VirtualHost | undefined;
  virtualHosts.forEach((vh, i) => {
    for (const d of vh.domains) {
      const where = `${path}.virtual_hosts[${i}].domains`;
      if (d === '*') {
        if (catchAll) throw new ConfigError(where, `only one virtual host may have the domain '*'`);
        catchAll = vh;
      } else if (d.startsWith('*')) suffixes.push([d.slice(1), vh]);
      else if (d.endsWith('*')) prefixes.push([d.slice(0, -1), vh]);
      else if (d.includes('*')) throw new ConfigError(where, `'${d}': a wildcard may only start or end a domain`);
      else if (exact.has(d)) throw new ConfigError(where, `domain '${d}' is used by more than one virtual host`);
      else exact.set(d, vh);
    }
  });
  // Longest wildcard wins, as in Envoy.
  suffixes.sort((a, b) => b[0].length - a[0].length);
  prefixes.sort((a, b) => b[0].length - a[0].length);
  return { name: str(rc['name']), version, virtualHosts, exact, suffixes, prefixes, catchAll };
}
