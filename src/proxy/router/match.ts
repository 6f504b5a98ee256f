/**
 * Route selection as Envoy does it, pure: virtual host by Host/:authority, then the first route whose
 * path, headers and query parameters all match, then a weighted cluster pick.
 */
import { matchString } from '../config/compile-matchers.js';
import type { HeaderMatcher, QueryMatcher, Route, RouteAction, RouteTable, VirtualHost } from '../config/model.js';

/** What matching reads from a request. `header` takes lower-case names and returns the joined value. */
export interface RequestView {
  readonly method: string;
  readonly scheme: string;
  readonly authority: string;
  /** The path without the query string. */
  readonly path: string;
  /** The query string without `?`, or ''. */
  readonly query: string;
  header(name: string): string | undefined;
}

export function selectVirtualHost(table: RouteTable, authority: string): VirtualHost | undefined {
  const host = authority.toLowerCase();
  const exact = table.exact.get(host);
  if (exact) return exact;
  const colon = host.lastIndexOf(':');
  const bare = colon > 0 && !host.endsWith(']') ? host.slice(0, colon) : host;
  if (bare !== host) {
    const e = table.exact.get(bare);
    if (e) return e;
  }
  for (const [suffix, vh] of table.suffixes) if (host.endsWith(suffix) || bare.endsWith(suffix)) return vh;
  for (const [prefix, vh] of table.prefixes) if (host.startsWith(prefix)) return vh;
  return table.catchAll;
}

function pseudo(req: RequestView, name: string): string | undefined {
  switch (name) {
    case ':method':
      return req.method;
    case ':scheme':
      return req.scheme;
    case ':authority':
      return req.authority;
    case ':path':
      return req.query === '' ? req.path : `${req.path}?${req.query}`;
    default:
      return req.header(name);
  }
}

function headerMatches(m: HeaderMatcher, req: RequestView): boolean {
  const value = pseudo(req, m.name);
  let ok: boolean;
  switch (m.match.kind) {
    case 'present':
      ok = (value !== undefined) === m.match.present;
      break;
    case 'string':
      ok = value !== undefined && matchString(m.match.matcher, value);
      break;
    case 'range': {
      const n = value !== undefined && /^-?\d+$/.test(value) ? Number(value) : NaN;
      ok = n >= m.match.start && n < m.match.end;
      break;
    }
  }
  return m.invert ? !ok : ok;
}

function queryValue(query: string, name: string): string | undefined {
  if (query === '') return undefined;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (decodeURIComponentSafe(key) === name) return eq < 0 ? '' : decodeURIComponentSafe(part.slice(eq + 1));
  }
  return undefined;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function queryMatches(m: QueryMatcher, req: RequestView): boolean {
  const v = queryValue(req.query, m.name);
  return v !== undefined && (m.matcher === undefined || matchString(m.matcher, v));
}

function pathMatches(route: Route, path: string): boolean {
  const p = route.match.path;
  switch (p.kind) {
    case 'prefix':
      return (p.caseSensitive ? path : path.toLowerCase()).startsWith(p.value);
    case 'path':
      return (p.caseSensitive ? path : path.toLowerCase()) === p.value;
    case 'separated-prefix': {
      const v = p.caseSensitive ? path : path.toLowerCase();
      return v === p.value || v.startsWith(p.value + '/');
    }
    case 'regex':
      return p.regex.test(path);
  }
}

export function matchRoute(vh: VirtualHost, req: RequestView): Route | undefined {
  for (const route of vh.routes) {
    if (!pathMatches(route, req.path)) continue;
    if (!route.match.headers.every((h) => headerMatches(h, req))) continue;
    if (!route.match.query.every((q) => queryMatches(q, req))) continue;
    return route;
  }
  return undefined;
}

/** Picks a cluster by weight; `random` is in [0, 1). */
export function pickCluster(action: RouteAction, random: number): string {
  const clusters = action.clusters;
  if (clusters.length === 1) return clusters[0]!.name;
  let point = random * action.totalWeight;
  for (const c of clusters) {
    if (point < c.weight) return c.name;
    point -= c.weight;
  }
  return clusters[clusters.length - 1]!.name;
}

/** The path sent upstream after prefix or regex rewrite. */
export function rewritePath(action: RouteAction, route: Route, path: string): string {
  if (action.prefixRewrite !== undefined && (route.match.path.kind === 'prefix' || route.match.path.kind === 'separated-prefix')) {
    return action.prefixRewrite + path.slice(route.match.path.value.length);
  }
  if (action.regexRewrite) return path.replace(action.regexRewrite.regex, action.regexRewrite.substitution);
  return path;
}
