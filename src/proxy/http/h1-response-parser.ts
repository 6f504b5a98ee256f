/**
 * A strict HTTP/1.1 response-head parser over raw socket bytes (RFC 9112): status line
 * `HTTP/1.x NNN reason`, header lines by the same rules as request heads (h1-head-parser's
 * parseFields), one Content-Length value, Transfer-Encoding only `chunked` and never together with
 * Content-Length (a conflict is an error, never a guess). Pure: bytes in, a parsed head, "need more
 * bytes" or a reason the response is malformed out. The body's framing follows RFC 9112 §6.3.
 */
import type http from 'node:http';
import { CONNECTION_CLOSE, parseFields, type BodyFraming } from './h1-head-parser.js';

export interface ResponseHead {
  readonly status: number;
  readonly httpVersion: '1.0' | '1.1';
  /** Node's shape: lower-case names, repeats joined by ', ', set-cookie a list. */
  readonly headers: http.IncomingHttpHeaders;
  readonly framing: BodyFraming;
  /** The connection may carry another request after this response (HTTP/1.1, no `Connection: close`). */
  readonly keepAlive: boolean;
}

export type ResponseHeadResult =
  | { readonly kind: 'partial' }
  | { readonly kind: 'head'; readonly head: ResponseHead; /** Offset just past the blank line. */ readonly end: number }
  | { readonly kind: 'invalid'; readonly reason: string };

const PARTIAL: ResponseHeadResult = { kind: 'partial' };
/** The reason phrase may be empty, and some servers then omit the space after the code. */
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: [\t\x20-\x7e\x80-\xff]*)?$/;
const NONE: BodyFraming = { kind: 'none' };
const CHUNKED: BodyFraming = { kind: 'chunked' };
const CLOSE: BodyFraming = { kind: 'close' };

function invalid(reason: string): ResponseHeadResult {
  return { kind: 'invalid', reason };
}

/**
 * Parses the response head that starts at `start` in `buf`, at most `maxBytes` long. `bodiless` is true
 * for a response to HEAD: its Content-Length describes the body a GET would have had.
 */
export function parseResponseHead(buf: Buffer, start: number, maxBytes: number, bodiless: boolean): ResponseHeadResult {
  const blank = buf.indexOf('\r\n\r\n', start, 'latin1');
  if (blank < 0) return buf.length - start > maxBytes ? invalid('response head too large') : PARTIAL;
  if (blank + 4 - start > maxBytes) return invalid('response head too large');
  const text = buf.toString('latin1', start, blank);
  let lineEnd = text.indexOf('\r\n');
  if (lineEnd < 0) lineEnd = text.length;
  const line = STATUS_LINE.exec(lineEnd === text.length ? text : text.slice(0, lineEnd));
  if (line === null) return invalid('malformed status line');
  const status = Number(line[2]);
  const fields = parseFields(text, lineEnd + 2, false);
  if (typeof fields === 'string') return invalid(fields);
  const { headers, contentLength } = fields;
  const te = headers['transfer-encoding'];
  if (te !== undefined && contentLength !== undefined) return invalid('both Content-Length and Transfer-Encoding');
  if (te !== undefined && te.toLowerCase() !== 'chunked') return invalid(`unsupported Transfer-Encoding '${te}'`);
  const version = line[1] === '1' ? '1.1' : '1.0';
  let framing: BodyFraming;
  if (bodiless || status < 200 || status === 204 || status === 304) framing = NONE;
  else if (te !== undefined) framing = CHUNKED;
  else if (contentLength !== undefined) framing = contentLength === '0' ? NONE : { kind: 'length', length: Number(contentLength) };
  else framing = CLOSE;
  const keepAlive = version === '1.1' && framing.kind !== 'close' && !CONNECTION_CLOSE.test(headers.connection ?? '');
  return { kind: 'head', head: { status, httpVersion: version, headers, framing, keepAlive }, end: blank + 4 };
}
