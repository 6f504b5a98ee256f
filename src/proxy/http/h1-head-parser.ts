/**
 * A strict HTTP/1.1 request-head parser over raw socket bytes (RFC 9110/9112): request line, header
 * names as tokens, field values without control characters, no obsolete line folding, one Host, one
 * Content-Length value, Transfer-Encoding only `chunked` and never with Content-Length. Pure: bytes in,
 * a parsed head or a rejection (status and reason) out.
 */
import type http from 'node:http';

/** How a body is framed; `close` (until the connection closes) is for responses only. */
export type BodyFraming = { readonly kind: 'none' } | { readonly kind: 'length'; readonly length: number } | { readonly kind: 'chunked' } | { readonly kind: 'close' };

export interface ParsedHead {
  readonly method: string;
  readonly url: string;
  readonly httpVersion: '1.0' | '1.1';
  /** Node's shape: lower-case names, repeats joined by ', ' (cookie by '; '), set-cookie a list. */
  readonly headers: http.IncomingHttpHeaders;
  readonly framing: BodyFraming;
  /** The connection stays open after this exchange (HTTP/1.1 without `close`, HTTP/1.0 with `keep-alive`). */
  readonly keepAlive: boolean;
  /** Upgrade, CONNECT: handled by the full HTTP server, not this parser's connection. */
  readonly handOff: boolean;
  readonly expect: string | undefined;
}

export type HeadResult =
  | { readonly kind: 'partial' }
  | { readonly kind: 'head'; readonly head: ParsedHead; /** Offset just past the blank line. */ readonly end: number }
  | { readonly kind: 'reject'; readonly status: 400 | 431 | 501; readonly reason: string };

const PARTIAL: HeadResult = { kind: 'partial' };
/** A Connection header value that names `close`. */
export const CONNECTION_CLOSE = /(?:^|,)\s*close\s*(?:,|$)/i;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const TARGET = /^[\x21-\x7e]+$/;
/** Field values: visible ASCII, space, tab and obs-text; no CR, LF or NUL. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Repeats of these are dropped, as node:http does. */
const SINGLE = new Set(['content-type', 'user-agent', 'referer', 'authorization', 'proxy-authorization', 'if-modified-since', 'if-unmodified-since', 'from', 'location', 'max-forwards', 'retry-after', 'etag', 'last-modified', 'server', 'age', 'expires']);

function reject(status: 400 | 431 | 501, reason: string): HeadResult {
  return { kind: 'reject', status, reason };
}

/** Parses the head that starts at `start` in `buf`, at most `maxBytes` long. */
export function parseRequestHead(buf: Buffer, start: number, maxBytes: number): HeadResult {
  const blank = buf.indexOf('\r\n\r\n', start, 'latin1');
  if (blank < 0) return buf.length - start > maxBytes ? reject(431, 'request head too large') : PARTIAL;
  if (blank + 4 - start > maxBytes) return reject(431, 'request head too large');
  const text = buf.toString('latin1', start, blank);
  const lineEnd = text.indexOf('\r\n');
  const requestLine = lineEnd < 0 ? text : text.slice(0, lineEnd);
  const parts = requestLine.split(' ');
  if (parts.length !== 3) return reject(400, 'malformed request line');
  const [method, url, version] = parts as [string, string, string];
  if (!TOKEN.test(method)) return reject(400, 'invalid method');
  if (!TARGET.test(url)) return reject(400, 'invalid request target');
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') return reject(400, 'unsupported HTTP version');
  const fields = parseFields(text, lineEnd < 0 ? text.length : lineEnd + 2, true);
  if (typeof fields === 'string') return reject(400, fields);
  const { headers, contentLength } = fields;
  const te = headers['transfer-encoding'];
  if (te !== undefined && contentLength !== undefined) return reject(400, 'both Content-Length and Transfer-Encoding');
  if (te !== undefined && te.toLowerCase() !== 'chunked') return reject(te.toLowerCase().endsWith('chunked') ? 501 : 400, `unsupported Transfer-Encoding '${te}'`);
  if (version === 'HTTP/1.1' && fields.hosts === 0) return reject(400, 'missing Host header');
  const connection = headers.connection ?? '';
  const keepAlive = version === 'HTTP/1.1' ? !CONNECTION_CLOSE.test(connection) : /(?:^|,)\s*keep-alive\s*(?:,|$)/i.test(connection);
  const framing: BodyFraming = te !== undefined ? { kind: 'chunked' } : contentLength !== undefined && contentLength !== '0' ? { kind: 'length', length: Number(contentLength) } : { kind: 'none' };
  const head: ParsedHead = {
    method,
    url,
    httpVersion: version === 'HTTP/1.1' ? '1.1' : '1.0',
    headers,
    framing,
    keepAlive,
    handOff: headers.upgrade !== undefined || method === 'CONNECT',
    expect: headers.expect,
  };
  return { kind: 'head', head, end: blank + 4 };
}

/** The header section of a request or response head. */
export interface Fields {
  readonly headers: http.IncomingHttpHeaders;
  /** The one Content-Length value (leading zeros dropped), or undefined. */
  readonly contentLength: string | undefined;
  readonly hosts: number;
}

/**
 * Parses the header lines of `text` (a head without its blank line) from `pos`: names must be tokens,
 * values free of control characters, no line folding, repeated Content-Length values must agree, and
 * (`request`) at most one Host. Returns the fields or why they are malformed.
 */
export function parseFields(text: string, pos: number, request: boolean): Fields | string {
  const headers: http.IncomingHttpHeaders = {};
  let contentLength: string | undefined;
  let hosts = 0;
  while (pos < text.length) {
    let next = text.indexOf('\r\n', pos);
    if (next < 0) next = text.length;
    const line = text.slice(pos, next);
    pos = next + 2;
    const colon = line.indexOf(':');
    if (colon <= 0) return line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9 ? 'obsolete line folding' : 'malformed header line';
    const rawName = line.slice(0, colon);
    if (!TOKEN.test(rawName)) return `invalid header name '${rawName}'`;
    const value = line.slice(colon + 1).trim();
    if (!FIELD_VALUE.test(value)) return `invalid value of header '${rawName}'`;
    const name = rawName.toLowerCase();
    if (name === 'content-length') {
      for (const v of value.split(',')) {
        const n = v.trim();
        if (!/^\d{1,15}$/.test(n)) return 'invalid Content-Length';
        if (contentLength !== undefined && contentLength !== n.replace(/^0+(?=\d)/, '')) return 'differing Content-Length values';
        contentLength = n.replace(/^0+(?=\d)/, '');
      }
      headers['content-length'] = contentLength;
      continue;
    }
    if (name === 'host' && ++hosts > 1 && request) return 'more than one Host header';
    addHeader(headers, name, value);
  }
  return { headers, contentLength, hosts };
}

function addHeader(headers: http.IncomingHttpHeaders, name: string, value: string): void {
  if (name === 'set-cookie') {
    (headers['set-cookie'] ??= []).push(value);
    return;
  }
  const prev = headers[name];
  if (prev === undefined) headers[name] = value;
  else if (SINGLE.has(name) || name === 'host') return;
  else headers[name] = `${prev as string}${name === 'cookie' ? '; ' : ', '}${value}`;
}
