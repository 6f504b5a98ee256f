/**
 * The text of an HTTP/1.1 response head: status line, the given headers (lists as repeated lines,
 * hop-by-hop `connection` and framing headers replaced by the connection's own), a `date` when the
 * headers carry none (formatted once per second), and the blank line. Latin-1 throughout.
 */
import http from 'node:http';

let dateSecond = 0;
let dateText = '';

function currentDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

const SKIP = new Set(['connection', 'transfer-encoding', 'keep-alive']);

/**
 * `contentLength` is added when the headers carry none and the body length is known; `chunked` adds
 * `transfer-encoding: chunked`; `close` adds `connection: close`, else HTTP/1.0 gets `keep-alive`.
 */
export function responseHead(status: number, headers: http.OutgoingHttpHeaders, contentLength: number | undefined, chunked: boolean, close: boolean, version: '1.0' | '1.1'): string {
  let out = `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Unknown'}\r\n`;
  for (const name in headers) {
    const v = headers[name];
    if (v === undefined || SKIP.has(name)) continue;
    if (Array.isArray(v)) for (const one of v) out += `${name}: ${one}\r\n`;
    else out += `${name}: ${v}\r\n`;
  }
  if (headers['date'] === undefined) out += `date: ${currentDate()}\r\n`;
  if (contentLength !== undefined) out += `content-length: ${contentLength}\r\n`;
  if (chunked) out += 'transfer-encoding: chunked\r\n';
  if (close) out += 'connection: close\r\n';
  else if (version === '1.0') out += 'connection: keep-alive\r\n';
  return out + '\r\n';
}
