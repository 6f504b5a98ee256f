/**
 * A strict HTTP/1.1 response-head parser over raw socket bytes (RFC 9112): status line
 * `HTTP/1.x NNN reason`, header lines by the same rules as request heads (h1-head-parser's
 * parseFields), one Content-Length value, Transfer-Encoding only `chunked` and never together with
 * Content-Length (a conflict is an error, never a guess). Pure: bytes in, a parsed head, "need more
 * bytes" or a reason the response is malformed out. The body's framing follows RFC 9112 §6.3. Like
 * the request parser, it decodes the head once as latin1 and scans its bytes (h1-chars).
 */
import type http from 'node:http';
import { allIn, blankLineAt, hasListToken, VALUE } from './h1-chars.js';
import { CHUNKED, lengthFraming, NONE, scanFields, type BodyFraming } from './h1-head-parser.js';

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
const CLOSE: BodyFraming = Object.freeze({ kind: 'close' });
const SP = 32;

function invalid(reason: string): ResponseHeadResult {
  return { kind: 'invalid', reason };
}

/**
 * Parses the response head that starts at `start` in `buf`, at most `maxBytes` long. `bodiless` is true
 * for a response to HEAD: its Content-Length describes the body a GET would have had.
 */
export function parseResponseHead(buf: Buffer, start: number, maxBytes: number, bodiless: boolean): ResponseHeadResult {
  const blank = blankLineAt(buf, start, start + maxBytes);
  if (blank < 0) return buf.length - start > maxBytes ? invalid('response head too large') : PARTIAL;
  const text = buf.toString('latin1', start, blank);
  let lineEnd = text.indexOf('\r\n');
  if (lineEnd < 0) lineEnd = text.length;
  const status = statusCode(buf, start, text, lineEnd);
  if (status === 0) return invalid('malformed status line');
  const fields = scanFields(buf, start, text, lineEnd + 2, false);
  if (typeof fields === 'string') return invalid(fields);
  const { headers, contentLength } = fields;
  const te = headers['transfer-encoding'];
  if (te !== undefined && contentLength !== undefined) return invalid('both Content-Length and Transfer-Encoding');
  if (te !== undefined && te.toLowerCase() !== 'chunked') return invalid(`unsupported Transfer-Encoding '${te}'`);
  const version = buf[start + 7] === 0x31 ? '1.1' : '1.0';
  let framing: BodyFraming;
  if (bodiless || status < 200 || status === 204 || status === 304) framing = NONE;
  else if (te !== undefined) framing = CHUNKED;
  else if (contentLength !== undefined) framing = lengthFraming(contentLength);
  else framing = CLOSE;
  const keepAlive = version === '1.1' && framing.kind !== 'close' && !hasListToken(headers.connection ?? '', 'close');
  const head: ResponseHead = { status, httpVersion: version, headers, framing, keepAlive };
  return { kind: 'head', head, end: blank + 4 };
}

/**
 * The status code of the status line, the first `length` chars of `text` and the bytes of `buf` from
 * `start`: `HTTP/1.0` or `HTTP/1.1`, a space, three digits 100–999, then nothing or a space and a reason
 * phrase of field-value characters (some servers leave out the space when the phrase is empty).
 * 0 when the line is anything else.
 */
function statusCode(buf: Buffer, start: number, text: string, length: number): number {
  if (length < 12 || !text.startsWith('HTTP/1.', 0)) return 0;
  const minor = buf[start + 7]!;
  if ((minor !== 0x30 && minor !== 0x31) || buf[start + 8] !== SP) return 0;
  const d1 = buf[start + 9]! - 0x30;
  const d2 = buf[start + 10]! - 0x30;
  const d3 = buf[start + 11]! - 0x30;
  if (d1 < 1 || d1 > 9 || d2 < 0 || d2 > 9 || d3 < 0 || d3 > 9) return 0;
  if (length > 12 && (buf[start + 12] !== SP || !allIn(buf, start + 13, start + length, VALUE))) return 0;
  return d1 * 100 + d2 * 10 + d3;
}
