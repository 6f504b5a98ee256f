/**
 * Writing an HTTP/1.1 request to an upstream socket. The head is built as one latin1 string; with a
 * buffered body it goes out in the same socket write (one write per request for small bodies). A
 * streamed body follows with backpressure: with its Content-Length as is, else in chunked coding.
 */
import type net from 'node:net';
import type { Readable } from 'node:stream';
import type { UpstreamRequest } from '../http/attempt.js';

/** Buffered bodies up to this size are copied next to the head; larger ones go in a corked second write. */
const COPY_LIMIT = 16 * 1024;
/** Methods whose requests carry `content-length: 0` even without a body, as HTTP clients do. */
const EXPECTS_BODY = new Set(['POST', 'PUT', 'PATCH']);
/** Request headers the writer sets itself from the body it sends. */
const FRAMING = new Set(['content-length', 'transfer-encoding']);

/** What the writer reports about a streamed body. */
export interface BodyEvents {
  sent(bytes: number): void;
  /** The whole body was written. */
  done(): void;
  /** The body stream failed or closed before its end (the downstream client went away). */
  failed(message: string): void;
}

/** Stops piping a streamed body (its listeners are removed; the socket is left as it is). */
export type StopBody = () => void;

export function requestHead(req: Omit<UpstreamRequest, 'perTryTimeoutMs' | 'body'>, framing: string): string {
  let head = `${req.method} ${req.path} HTTP/1.1\r\nhost: ${req.authority}\r\n`;
  const headers = req.headers;
  for (const name in headers) {
    const v = headers[name];
    if (v === undefined || FRAMING.has(name)) continue;
    if (Array.isArray(v)) for (const one of v) head += `${name}: ${one}\r\n`;
    else head += `${name}: ${v}\r\n`;
  }
  return `${head}${framing}\r\n`;
}

/** Writes `req`; for a streamed body, returns how to stop piping it (`events` hears how it went). */
export function writeRequest(socket: net.Socket, req: Omit<UpstreamRequest, 'perTryTimeoutMs'>, events: BodyEvents | undefined): StopBody | undefined {
  const body = req.body;
  if (body === undefined) {
    const empty = req.headers['content-length'] !== undefined || EXPECTS_BODY.has(req.method);
    socket.write(requestHead(req, empty ? 'content-length: 0\r\n' : ''), 'latin1');
    return undefined;
  }
  if (Buffer.isBuffer(body)) {
    const head = requestHead(req, `content-length: ${body.length}\r\n`);
    if (body.length === 0) socket.write(head, 'latin1');
    else if (body.length <= COPY_LIMIT) {
      const out = Buffer.allocUnsafe(head.length + body.length);
      out.write(head, 0, 'latin1');
      body.copy(out, head.length);
      socket.write(out);
    } else {
      socket.cork();
      socket.write(head, 'latin1');
      socket.write(body);
      socket.uncork();
    }
    return undefined;
  }
  const length = req.headers['content-length'];
  const chunked = length === undefined;
  socket.write(requestHead(req, chunked ? 'transfer-encoding: chunked\r\n' : `content-length: ${String(length)}\r\n`), 'latin1');
  return pipeBody(socket, body, chunked, events!);
}

function pipeBody(socket: net.Socket, body: Readable, chunked: boolean, events: BodyEvents): StopBody {
  let ended = false;
  const onDrain = () => body.resume();
  const onData = (chunk: Buffer) => {
    if (chunk.length === 0) return;
    events.sent(chunk.length);
    let more: boolean;
    if (chunked) {
      socket.cork();
      socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
      socket.write(chunk);
      more = socket.write('\r\n', 'latin1');
      socket.uncork();
    } else more = socket.write(chunk);
    if (!more) {
      body.pause();
      socket.once('drain', onDrain);
    }
  };
  const onEnd = () => {
    ended = true;
    stop();
    if (chunked) socket.write('0\r\n\r\n', 'latin1');
    events.done();
  };
  const onError = (err: Error) => {
    stop();
    events.failed(`request body: ${err.message}`);
  };
  const onClose = () => {
    if (ended) return;
    stop();
    events.failed('request body: the downstream connection closed');
  };
  const stop = () => {
    body.off('data', onData);
    body.off('end', onEnd);
    body.off('error', onError);
    body.off('close', onClose);
    socket.off('drain', onDrain);
  };
  body.on('data', onData);
  body.on('end', onEnd);
  body.on('error', onError);
  body.on('close', onClose);
  if (body.isPaused()) body.resume();
  return stop;
}
