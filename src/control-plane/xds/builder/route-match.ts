/**
 * App Mesh route matches → Envoy `RouteMatch` (path, headers, query parameters). Shared by virtual
 * router routes and gateway routes.
 */
import type { Json } from './model.js';
import type { GrpcRouteMatch, HeaderMatch, HttpRouteMatch, PathMatch, QueryParameterMatch } from './spec.js';

export function headerMatcher(h: HeaderMatch): Json {
  const m = h.match;
  const out: Json = { name: h.name };
  if (m?.exact !== undefined) out['string_match'] = { exact: m.exact };
  else if (m?.prefix !== undefined) out['string_match'] = { prefix: m.prefix };
  else if (m?.suffix !== undefined) out['string_match'] = { suffix: m.suffix };
  else if (m?.regex !== undefined) out['string_match'] = { safe_regex: { regex: m.regex } };
  else if (m?.range !== undefined) out['range_match'] = { start: String(m.range.start), end: String(m.range.end) };
  else out['present_match'] = true;
  if (h.invert) out['invert_match'] = true;
  return out;
}

function queryMatcher(q: QueryParameterMatch): Json {
  return q.match?.exact !== undefined ? { name: q.name, string_match: { exact: q.match.exact } } : { name: q.name, present_match: true };
}

function pathSpecifier(prefix: string | undefined, path: PathMatch | undefined): Json {
  if (path?.exact !== undefined) return { path: path.exact };
  if (path?.regex !== undefined) return { safe_regex: { regex: path.regex } };
  return { prefix: prefix ?? '/' };
}

/** The HTTP part of a match, as virtual router routes and gateway routes both have it. */
export interface HttpMatchFields {
  readonly prefix?: string | undefined;
  readonly path?: PathMatch | undefined;
  readonly headers?: readonly HeaderMatch[] | undefined;
  readonly method?: string | undefined;
  readonly scheme?: string | undefined;
  readonly queryParameters?: readonly QueryParameterMatch[] | undefined;
}

export function httpMatch(m: HttpMatchFields, extraHeaders: readonly Json[] = []): Json {
  const headers: Json[] = [...extraHeaders, ...(m.headers ?? []).map(headerMatcher)];
  if (m.method !== undefined) headers.push({ name: ':method', string_match: { exact: m.method } });
  if (m.scheme !== undefined) headers.push({ name: ':scheme', string_match: { exact: m.scheme } });
  const out: Json = pathSpecifier(m.prefix, m.path);
  if (headers.length > 0) out['headers'] = headers;
  if (m.queryParameters && m.queryParameters.length > 0) out['query_parameters'] = m.queryParameters.map(queryMatcher);
  return out;
}

export function virtualRouterHttpMatch(m: HttpRouteMatch): Json {
  return httpMatch(m);
}

/** gRPC routes match `/<service>/<method>` paths; metadata are request headers. */
export function grpcMatch(m: GrpcRouteMatch, extraHeaders: readonly Json[] = []): Json {
  let out: Json;
  if (m.serviceName !== undefined && m.methodName !== undefined) out = { path: `/${m.serviceName}/${m.methodName}` };
  else if (m.serviceName !== undefined) out = { prefix: `/${m.serviceName}/` };
  else out = { prefix: '/' };
  const headers = [...extraHeaders, ...(m.metadata ?? []).map(headerMatcher)];
  if (headers.length > 0) out['headers'] = headers;
  return out;
}
