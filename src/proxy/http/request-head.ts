/**
 * Reading a downstream request's head: origin-form (`GET /path` + Host) or absolute-form
 * (`GET http://host:port/path`, as HTTP_PROXY clients send), HTTP/1.1 or HTTP/2 (`:authority`); and
 * building the header set sent upstream (hop-by-hop headers removed, Envoy's x- headers added).
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { RequestView } from '../router/match.js';

export interface DownstreamHead extends RequestView {
  readonly absoluteForm: boolean;
  readonly protocol: 'HTTP/1.0' | 'HTTP/1.1' | 'HTTP/2';
}

const ABSOLUTE = /^(https?):\/\/([^/?#]*)([^#]*)/i;

export function readHead(req: http.IncomingMessage | { method?: string; url?: string; headers: http.IncomingHttpHeaders; httpVersion: string }): DownstreamHead {
  const headers = req.headers;
  let url = req.url ?? '/';
  let scheme = (headers[':scheme'] as string | undefined) ?? 'http';
  let authority = headers.host ?? (headers[':authority'] as string | undefined) ?? '';
  let absoluteForm = false;
  if (url.charCodeAt(0) !== 47) {
    const m = ABSOLUTE.exec(url);
    if (m) {
      scheme = m[1]!.toLowerCase();
      authority = m[2]!;
      url = m[3] || '/';
      absoluteForm = true;
    }
  }
  const q = url.indexOf('?');
  const version = req.httpVersion;
  return {
    method: req.method ?? 'GET',
    scheme,
    authority,
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    absoluteForm,
    protocol: version === '2.0' ? 'HTTP/2' : version === '1.0' ? 'HTTP/1.0' : 'HTTP/1.1',
    header: (name) => {
      const v = headers[name];
      return Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'host', 'http2-settings', 'proxy-authorization']);

/**
 * Headers to send upstream: the request's own minus hop-by-hop ones and `expect` (the proxy answers
 * `100-continue` to the client itself, as Envoy does by default), plus x-forwarded-proto and x-request-id.
 */
export function upstreamHeaders(headers: http.IncomingHttpHeaders, scheme: string, extraHopByHop: string | undefined): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  const named = extraHopByHop ? new Set(extraHopByHop.split(',').map((s) => s.trim().toLowerCase())) : undefined;
  for (const key in headers) {
    if (key.charCodeAt(0) === 58 || HOP_BY_HOP.has(key) || key === 'expect' || named?.has(key)) continue;
    const v = headers[key];
    if (v !== undefined) out[key] = v;
  }
  if (headers.te === 'trailers') out['te'] = 'trailers';
  out['x-forwarded-proto'] = scheme;
  if (out['x-request-id'] === undefined) out['x-request-id'] = randomUUID();
  return out;
}

/** Response headers to send downstream (hop-by-hop removed); HTTP/2 also drops connection-specific ones. */
export function downstreamHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const key in headers) {
    if (key.charCodeAt(0) === 58 || HOP_BY_HOP.has(key)) continue;
    const v = headers[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}
