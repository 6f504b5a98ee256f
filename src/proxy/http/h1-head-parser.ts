/**
 * A strict HTTP/1.1 request-head parser over raw socket bytes (RFC 9110/9112): request line, header
 * names as tokens, field values without control characters, no obsolete line folding, one Host, one
 * Content-Length value, Transfer-Encoding only `chunked` and never with Content-Length. Pure: bytes in,
 * a parsed head or a rejection (status and reason) out. The head is decoded once as a latin1 string;
 * its bytes are scanned against h1-chars' classes, and a name or value is sliced from the string only
 * once its bounds are known.
 */
import type http from 'node:http';
import { allCharsIn, allIn, blankLineAt, CHARS, DIGIT, hasListToken, skipSpace, skipSpaceBack, SPACE, TARGET, TOKEN, UPPER, VALUE } from './h1-chars.js';
import { commonName } from './h1-field-names.js';

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
/** The framings without a length, shared by every head that has them. */
export const NONE: BodyFraming = Object.freeze({ kind: 'none' });
export const CHUNKED: BodyFraming = Object.freeze({ kind: 'chunked' });
/** Repeats of these are dropped, as node:http does. */
const SINGLE = new Set(['content-type', 'user-agent', 'referer', 'authorization', 'proxy-authorization', 'if-modified-since', 'if-unmodified-since', 'from', 'location', 'max-forwards', 'retry-after', 'etag', 'last-modified', 'server', 'age', 'expires']);
const HT = 9;
const LF = 10;
const CR = 13;
const SP = 32;
const COLON = 58;

function reject(status: 400 | 431 | 501, reason: string): HeadResult {
  return { kind: 'reject', status, reason };
}

/** Parses the head that starts at `start` in `buf`, at most `maxBytes` long. */
export function parseRequestHead(buf: Buffer, start: number, maxBytes: number): HeadResult {
  const blank = blankLineAt(buf, start, start + maxBytes);
  if (blank < 0) return buf.length - start > maxBytes ? reject(431, 'request head too large') : PARTIAL;
  const text = buf.toString('latin1', start, blank);
  let lineEnd = text.indexOf('\r\n');
  if (lineEnd < 0) lineEnd = text.length;
  const sp1 = text.indexOf(' ');
  const sp2 = sp1 < 0 ? -1 : text.indexOf(' ', sp1 + 1);
  if (sp2 < 0 || sp2 >= lineEnd || !noSpace(buf, start + sp2 + 1, start + lineEnd)) return reject(400, 'malformed request line');
  if (sp1 === 0 || !allIn(buf, start, start + sp1, TOKEN)) return reject(400, 'invalid method');
  if (sp2 === sp1 + 1 || !allIn(buf, start + sp1 + 1, start + sp2, TARGET)) return reject(400, 'invalid request target');
  const minor = versionMinor(text, sp2 + 1, lineEnd);
  if (minor < 0) return reject(400, 'unsupported HTTP version');
  const fields = scanFields(buf, start, text, lineEnd + 2, true);
  if (typeof fields === 'string') return reject(400, fields);
  const { headers, contentLength } = fields;
  const te = headers['transfer-encoding'];
  if (te !== undefined && contentLength !== undefined) return reject(400, 'both Content-Length and Transfer-Encoding');
  if (te !== undefined && te.toLowerCase() !== 'chunked') return reject(te.toLowerCase().endsWith('chunked') ? 501 : 400, `unsupported Transfer-Encoding '${te}'`);
  if (minor === 1 && fields.hosts === 0) return reject(400, 'missing Host header');
  const connection = headers.connection ?? '';
  const method = text.slice(0, sp1);
  const head: ParsedHead = {
    method,
    url: text.slice(sp1 + 1, sp2),
    httpVersion: minor === 1 ? '1.1' : '1.0',
    headers,
    framing: te !== undefined ? CHUNKED : contentLength !== undefined ? lengthFraming(contentLength) : NONE,
    keepAlive: minor === 1 ? !hasListToken(connection, 'close') : hasListToken(connection, 'keep-alive'),
    handOff: headers.upgrade !== undefined || method === 'CONNECT',
    expect: headers.expect,
  };
  return { kind: 'head', head, end: blank + 4 };
}

/** The framing a Content-Length (digits, no leading zeros) gives: none for 0. */
export function lengthFraming(contentLength: string): BodyFraming {
  if (contentLength === '0') return NONE;
  let length = 0;
  for (let i = 0; i < contentLength.length; i++) length = length * 10 + contentLength.charCodeAt(i) - 0x30;
  return { kind: 'length', length };
}

/** Whether no byte from `from` to `to` is a space. */
function noSpace(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] === SP) return false;
  return true;
}

/** 1 for `HTTP/1.1`, 0 for `HTTP/1.0` exactly from `from` to `to`, -1 for anything else. */
function versionMinor(text: string, from: number, to: number): number {
  if (to - from !== 8 || !text.startsWith('HTTP/1.', from)) return -1;
  const c = text.charCodeAt(from + 7);
  return c === 0x31 ? 1 : c === 0x30 ? 0 : -1;
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
  return scanFields(latin1Bytes(text), 0, text, pos, request);
}

/**
 * The bytes parseFields scans for `text`: its latin1 encoding, except that a char above 0xff (never
 * in a head read from a socket) becomes NUL, which is in no class, so its line is refused as a bad
 * name or value (the reason quotes the name from `text`).
 */
function latin1Bytes(text: string): Buffer {
  return Buffer.from(/[^\x00-\xff]/.test(text) ? text.replace(/[^\x00-\xff]/g, '\0') : text, 'latin1');
}

/**
 * parseFields over `text`, whose char i is `bytes[base + i]`: each line's name and value are scanned
 * in `bytes` and sliced from `text` once their bounds are known. Values lose the SP and HT around them;
 * a control character anywhere in a value (a bare CR or LF included) makes the head malformed, and the
 * reason names the line's raw name.
 */
export function scanFields(bytes: Uint8Array, base: number, text: string, pos: number, request: boolean): Fields | string {
  // Locals, not the module bindings, inside the loops (see h1-chars).
  const chars = CHARS;
  const token = TOKEN;
  const valueChar = VALUE;
  const space = SPACE;
  const headers: http.IncomingHttpHeaders = {};
  let contentLength: string | undefined;
  let hosts = 0;
  const end = base + text.length;
  for (let at = base + pos; at < end; ) {
    let colon = at;
    let flags = 0;
    for (; colon < end; colon++) {
      const f = chars[bytes[colon]!]!;
      if ((f & token) === 0) break;
      flags |= f;
    }
    if (colon === at || colon === end || bytes[colon] !== COLON) return lineError(text, at - base);
    let lineEnd = colon + 1;
    while (lineEnd < end && (chars[bytes[lineEnd]!]! & valueChar) !== 0) lineEnd++;
    // The value runs to the line's CRLF (or the head's end); any other control character is refused.
    if (lineEnd !== end && !(bytes[lineEnd] === CR && lineEnd + 1 < end && bytes[lineEnd + 1] === LF)) return `invalid value of header '${text.slice(at - base, colon - base)}'`;
    let from = colon + 1;
    let to = lineEnd;
    while (from < to && (chars[bytes[from]!]! & space) !== 0) from++;
    while (to > from && (chars[bytes[to - 1]!]! & space) !== 0) to--;
    const value = text.slice(from - base, to - base);
    const name = commonName(bytes, at, colon) ?? lowerCase(text.slice(at - base, colon - base), flags);
    at = lineEnd + 2;
    if (name === 'content-length') {
      const length = agreedContentLength(value, contentLength);
      if (length === INVALID_CONTENT_LENGTH || length === DIFFERING_CONTENT_LENGTH) return length;
      contentLength = length;
      headers['content-length'] = length;
      continue;
    }
    if (name === 'host' && ++hosts > 1 && request) return 'more than one Host header';
    addHeader(headers, name, value);
  }
  return { headers, contentLength, hosts };
}

/** `name` in lower case; `flags` (its chars' classes or-ed) say whether it has an upper-case letter. */
function lowerCase(name: string, flags: number): string {
  return (flags & UPPER) !== 0 ? name.toLowerCase() : name;
}

/** Why the header line at `pos` of `text` is malformed, once it did not scan as a token and a colon. */
function lineError(text: string, pos: number): string {
  let next = text.indexOf('\r\n', pos);
  if (next < 0) next = text.length;
  const colon = text.indexOf(':', pos);
  if (colon < 0 || colon >= next || colon === pos) {
    const first = text.charCodeAt(pos);
    return first === SP || first === HT ? 'obsolete line folding' : 'malformed header line';
  }
  return `invalid header name '${text.slice(pos, colon)}'`;
}

const INVALID_CONTENT_LENGTH = 'invalid Content-Length';
const DIFFERING_CONTENT_LENGTH = 'differing Content-Length values';

/**
 * The Content-Length that `value` (one value or a comma-separated list, each 1–15 digits) gives, leading
 * zeros dropped, when every element agrees with the others and with `previous`; else why not (one of
 * the two reasons above, never digits).
 */
function agreedContentLength(value: string, previous: string | undefined): string {
  let length = previous;
  for (let from = 0; ; ) {
    let to = value.indexOf(',', from);
    if (to < 0) to = value.length;
    let s = skipSpace(value, from, to);
    const e = skipSpaceBack(value, s, to);
    if (e === s || e - s > 15 || !allCharsIn(value, s, e, DIGIT)) return INVALID_CONTENT_LENGTH;
    while (s < e - 1 && value.charCodeAt(s) === 0x30) s++;
    const n = s === 0 && e === value.length ? value : value.slice(s, e);
    if (length !== undefined && length !== n) return DIFFERING_CONTENT_LENGTH;
    length = n;
    if (to === value.length) return length;
    from = to + 1;
  }
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
