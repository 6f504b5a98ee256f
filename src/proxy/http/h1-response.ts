/**
 * A downstream response written by the raw HTTP/1.1 connection, in the shape the connection manager
 * writes (the parts of `http.ServerResponse` it uses, and enough of a writable stream to be piped
 * into). The head and a body given to `end()` go out in one socket write; a streamed body of unknown
 * length goes out chunked (HTTP/1.1) or delimited by closing the connection (HTTP/1.0).
 * Events: 'drain' (the socket drained), 'finish' then 'close' when the last byte is flushed, 'close'
 * alone when the connection went away first.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import { responseHead } from './h1-response-head.js';

/** Where a response's bytes go: the connection that owns the socket. */
export interface ResponseSink {
  /** Writes bytes; false when the socket buffer is full ('drain' follows). */
  write(data: Buffer | string, done?: (err?: Error | null) => void): boolean;
  /** The response is complete and flushed; `close` asks the connection to close after it. */
  responseDone(close: boolean): void;
  /** Closes the connection at once. */
  destroy(): void;
}

export class H1Response extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  writableEnded = false;
  writableFinished = false;
  destroyed = false;
  readonly writable = true;
  #headers: http.OutgoingHttpHeaders = {};
  #flushed = false;
  #chunked = false;
  #close: boolean;
  #closed = false;
  /** No body may follow the head (HEAD request, 1xx/204/304). */
  #bodyless: boolean;

  constructor(private readonly sink: ResponseSink, private readonly httpVersion: '1.0' | '1.1', keepAlive: boolean, headRequest: boolean) {
    super();
    this.#close = !keepAlive;
    this.#bodyless = headRequest;
  }

  writeHead(status: number, headers?: http.OutgoingHttpHeaders): this {
    this.statusCode = status;
    if (headers) this.#headers = headers;
    this.headersSent = true;
    if (status === 204 || status === 304 || status < 200) this.#bodyless = true;
    return this;
  }

  /** Some of the response has been written to the socket. */
  get started(): boolean {
    return this.#flushed;
  }

  getHeaders(): http.OutgoingHttpHeaders {
    return this.#headers;
  }

  /** Writes body bytes (the head first, if not yet written); false asks the writer to wait for 'drain'. */
  write(chunk: Uint8Array | string, encodingOrDone?: BufferEncoding | WriteDone, done?: WriteDone): boolean {
    const cb = typeof encodingOrDone === 'function' ? encodingOrDone : done;
    if (this.writableEnded || this.destroyed) return false;
    const body = toBuffer(chunk);
    if (!this.#flushed) return this.#flush(undefined, body, cb);
    return this.#writeBody(body, cb);
  }

  #writeBody(body: Buffer, cb: WriteDone | undefined): boolean {
    if (this.#bodyless || body.length === 0) {
      if (cb) process.nextTick(cb);
      return true;
    }
    return this.sink.write(this.#chunked ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`, 'latin1'), body, CRLF]) : body, cb);
  }

  /** Ends the response; when nothing was written yet, the head and `chunk` go out in one write. */
  end(chunk?: Uint8Array | string | (() => void), encodingOrDone?: BufferEncoding | (() => void), done?: () => void): this {
    const cb = typeof chunk === 'function' ? chunk : typeof encodingOrDone === 'function' ? encodingOrDone : done;
    if (cb) this.once('finish', cb);
    if (this.writableEnded || this.destroyed) return this;
    this.writableEnded = true;
    const body = chunk === undefined || typeof chunk === 'function' ? undefined : toBuffer(chunk);
    const finished = (err?: Error | null) => this.#done(err);
    if (!this.#flushed) {
      this.#flush(body ?? EMPTY, undefined, finished);
      return this;
    }
    if (body !== undefined) this.#writeBody(body, undefined);
    this.sink.write(this.#chunked ? LAST_CHUNK : EMPTY, finished);
    return this;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.sink.destroy();
  }

  /** The connection went away (or took the response over) before the response was flushed. */
  abort(): void {
    this.destroyed = true;
    if (this.#closed) return;
    this.#closed = true;
    this.emit('close');
  }

  /** Writes the head, with the whole body (`whole`, length known) or the first streamed chunk. */
  #flush(whole: Buffer | undefined, first: Buffer | undefined, done: WriteDone | undefined): boolean {
    this.#flushed = true;
    this.headersSent = true;
    const h = this.#headers;
    if (h.connection === 'close') this.#close = true;
    let framing: 'length' | 'chunked' | 'close' | 'none' = 'none';
    if (!this.#bodyless && h['content-length'] === undefined) {
      if (whole !== undefined) framing = 'length';
      else if (this.httpVersion === '1.1') framing = 'chunked';
      else framing = 'close';
    }
    if (framing === 'close') this.#close = true;
    this.#chunked = framing === 'chunked';
    const head = responseHead(this.statusCode, h, framing === 'length' ? whole!.length : undefined, this.#chunked, this.#close, this.httpVersion);
    let body = this.#bodyless ? EMPTY : (whole ?? first ?? EMPTY);
    if (this.#chunked && body.length > 0) body = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`, 'latin1'), body, CRLF]);
    const out = Buffer.allocUnsafe(head.length + body.length);
    out.write(head, 0, 'latin1');
    body.copy(out, head.length);
    return this.sink.write(out, done);
  }

  #done(err: Error | null | undefined): void {
    if (this.#closed) return;
    if (err) return this.abort();
    this.writableFinished = true;
    this.#closed = true;
    this.emit('finish');
    this.emit('close');
    this.sink.responseDone(this.#close);
  }
}

type WriteDone = (err?: Error | null) => void;

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk);
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

const EMPTY = Buffer.alloc(0);
const CRLF = Buffer.from('\r\n', 'latin1');
const LAST_CHUNK = Buffer.from('0\r\n\r\n', 'latin1');
