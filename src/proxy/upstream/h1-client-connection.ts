/**
 * One upstream HTTP/1.1 keep-alive connection on a raw socket, one exchange at a time: the request head
 * is written as one latin1 string together with a buffered body (one socket write), a streamed body
 * follows with backpressure (chunked when it has no Content-Length); the response head is parsed
 * strictly (h1-response-parser), interim 1xx responses are skipped, and the body is decoded by
 * Content-Length, chunked coding (trailers kept) or until the upstream closes (h1-body-decoder).
 * What happens is reported to the exchange's ResponseSink; the pool that owns the connection hears
 * when it connected, became idle again, or closed.
 */
import net from 'node:net';
import type http from 'node:http';
import type { UpstreamRequest } from '../http/attempt.js';
import { BodyDecoder } from '../http/h1-body-decoder.js';
import { hasListToken } from '../http/h1-chars.js';
import { parseResponseHead, type ResponseHead } from '../http/h1-response-parser.js';
import { writeRequest, type BodyEvents, type StopBody } from './h1-request-writer.js';

/** Idle keep-alive connections are closed after this long (or sooner when the upstream says so). */
export const H1_KEEP_ALIVE_MS = 30_000;
/** The largest response head accepted from an upstream (Envoy's default max_response_headers_kb is 60). */
export const H1_MAX_RESPONSE_HEADER_BYTES = 60 * 1024;

export type OutgoingRequest = Omit<UpstreamRequest, 'perTryTimeoutMs'>;

/**
 * Every upstream connection reads into this one buffer (net's `onread`), skipping the socket's stream
 * layer; each read is copied out before the next can arrive, since parsers and bodies keep what they get.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/**
 * The receiving end of one exchange. After `onEnd` or `onError` nothing more is reported; an exchange
 * the connection was told to `abort()` hears nothing at all.
 */
export interface ResponseSink {
  /**
   * The final response head (interim 1xx responses are skipped). `whole` is the complete body when it
   * arrived with the head (empty when there is none): `onEnd` follows at once, without `onData`.
   * Otherwise the body follows in `onData` calls.
   */
  onHead(head: ResponseHead, connection: H1ClientConnection, whole: Buffer | undefined): void;
  /** Response body bytes; false asks the connection to stop reading until `connection.resume()`. */
  onData(chunk: Buffer): boolean;
  onEnd(trailers: http.IncomingHttpHeaders | undefined): void;
  /**
   * The exchange failed, before its head was reported or in the middle of its body. `stale`: the
   * connection had carried earlier exchanges and the upstream closed it before any byte of this
   * response (the request can safely be sent again).
   */
  onError(outcome: 'connect-failure' | 'reset', message: string, stale: boolean): void;
  /** Bytes of a streamed request body written to the socket. */
  onBodySent(bytes: number): void;
}

/** What a connection tells the pool that owns it. */
export interface ConnectionOwner {
  connected(connection: H1ClientConnection): void;
  /** The exchange is over and the connection can carry another. */
  idle(connection: H1ClientConnection): void;
  /** The socket is gone; `connectFailure` says why when it never connected. */
  closed(connection: H1ClientConnection, connectFailure: 'timeout' | 'error' | undefined): void;
}

export class H1ClientConnection {
  readonly socket: net.Socket;
  /** When connecting started (ms since epoch). */
  readonly startedAt = Date.now();
  /** When the connection was established (ms since epoch), 0 while connecting. */
  connectedAt = 0;
  /** Requests written on this connection so far. */
  exchanges = 0;
  #sink: ResponseSink | undefined;
  #bodiless = false;
  #closeAfter = false;
  #received = false;
  #pending: Buffer | undefined;
  #decoder: BodyDecoder | undefined;
  #keepAlive = false;
  #head: ResponseHead | undefined;
  /** Set while a streamed request body is still being written. */
  #stopBody: StopBody | undefined;
  #timedOut = false;
  #idleMs = H1_KEEP_ALIVE_MS;
  #eof = false;
  readonly #deliver = (chunk: Buffer) => {
    if (this.#sink?.onData(chunk) === false) this.socket.pause();
  };

  constructor(address: string, port: number, connectTimeoutMs: number, private readonly owner: ConnectionOwner) {
    const socket = (this.socket = net.connect({
      host: address,
      port,
      noDelay: true,
      onread: {
        buffer: READ_BUFFER,
        callback: (n: number) => {
          const chunk = Buffer.allocUnsafe(n);
          READ_BUFFER.copy(chunk, 0, 0, n);
          this.#data(chunk);
          return true; // backpressure pauses the socket itself (#deliver)
        },
      },
    }));
    if (connectTimeoutMs > 0) socket.setTimeout(connectTimeoutMs);
    socket.on('connect', () => {
      this.connectedAt = Date.now();
      // From now on the socket's inactivity timer is the keep-alive idle timeout.
      socket.setTimeout(H1_KEEP_ALIVE_MS);
      owner.connected(this);
    });
    socket.on('timeout', () => {
      if (this.connectedAt === 0) this.#timedOut = true;
      else if (this.#sink !== undefined) return; // in use: timeouts are the exchange's own
      socket.destroy();
    });
    socket.on('end', () => (this.#eof = true));
    socket.on('error', () => undefined); // 'close' follows and settles everything
    socket.on('close', () => this.#closed());
  }

  /** Writes `req` and reports its response to `sink`. Only on a connected, idle connection. */
  send(req: OutgoingRequest, sink: ResponseSink): void {
    this.#sink = sink;
    this.exchanges++;
    this.#received = false;
    this.#head = undefined;
    this.#bodiless = req.method === 'HEAD';
    const connection = req.headers.connection;
    this.#closeAfter = typeof connection === 'string' && hasListToken(connection, 'close');
    this.#stopBody = writeRequest(this.socket, req, this.#bodyEvents);
  }

  readonly #bodyEvents: BodyEvents = {
    sent: (n) => this.#sink?.onBodySent(n),
    done: () => (this.#stopBody = undefined),
    failed: (message) => {
      this.#stopBody = undefined;
      const sink = this.#sink;
      if (sink === undefined) this.socket.destroy();
      else this.#fail(sink, message);
    },
  };

  /** Reads again after `onData` returned false. */
  readonly resume = (): void => {
    if (this.socket.isPaused()) this.socket.resume();
  };

  /** Ends the current exchange without a word to its sink, and the connection with it (never reused). */
  readonly abort = (): void => {
    this.#sink = undefined;
    this.socket.destroy();
  };

  /** `abort()`, if `sink`'s exchange is still the one in progress here. */
  cancel(sink: ResponseSink): void {
    if (this.#sink === sink) this.abort();
  }

  destroy(): void {
    this.socket.destroy();
  }

  #data(chunk: Buffer): void {
    const sink = this.#sink;
    if (sink === undefined) return this.abort(); // bytes nobody asked for: the connection is unusable
    this.#received = true;
    if (this.#decoder !== undefined) return this.#body(sink, chunk, 0);
    const buf = this.#pending === undefined ? chunk : Buffer.concat([this.#pending, chunk]);
    let pos = 0;
    for (;;) {
      const r = parseResponseHead(buf, pos, H1_MAX_RESPONSE_HEADER_BYTES, this.#bodiless);
      if (r.kind === 'partial') {
        this.#pending = buf.subarray(pos);
        return;
      }
      if (r.kind === 'invalid') return this.#fail(sink, `malformed response: ${r.reason}`);
      pos = r.end;
      const head = r.head;
      if (head.status === 101) return this.#fail(sink, 'unexpected 101 Switching Protocols');
      if (head.status < 200) continue; // 100 Continue and other interim responses are not forwarded
      this.#pending = undefined;
      this.#head = head;
      this.#keepAlive = head.keepAlive && !this.#closeAfter;
      const hint = head.headers['keep-alive'];
      if (typeof hint === 'string' && this.#keepAlive) this.#keepAliveHint(hint);
      const framing = head.framing;
      if (framing.kind === 'none' || (framing.kind === 'length' && buf.length - pos >= framing.length)) {
        // The usual small response: its whole body is already here.
        const end = framing.kind === 'none' ? pos : pos + framing.length;
        sink.onHead(head, this, buf.subarray(pos, end));
        if (this.#sink !== sink) return;
        if (end < buf.length) this.#keepAlive = false; // bytes beyond the response: do not trust the connection
        return this.#complete(sink, undefined);
      }
      this.#decoder = new BodyDecoder(framing);
      sink.onHead(head, this, undefined);
      if (this.#sink !== sink) return;
      return this.#body(sink, buf, pos);
    }
  }

  /** The upstream's `Keep-Alive: timeout=N`: an idle connection is closed a second before it would be. */
  #keepAliveHint(value: string): void {
    const m = /timeout=(\d+)/i.exec(value);
    if (m === null) return;
    const ms = Math.min(H1_KEEP_ALIVE_MS, Number(m[1]) * 1000 - 1000);
    if (ms <= 0) this.#keepAlive = false;
    else if (ms !== this.#idleMs) this.socket.setTimeout((this.#idleMs = ms));
  }

  #body(sink: ResponseSink, buf: Buffer, pos: number): void {
    const decoder = this.#decoder!;
    const r = decoder.decode(buf, pos, this.#deliver);
    if (this.#sink !== sink) return;
    if (r.kind === 'invalid') return this.#fail(sink, `malformed response body: ${r.reason}`);
    if (r.kind === 'more') return;
    if (pos + r.consumed < buf.length) this.#keepAlive = false;
    this.#complete(sink, decoder.trailers);
  }

  #complete(sink: ResponseSink, trailers: http.IncomingHttpHeaders | undefined): void {
    this.#sink = undefined;
    this.#decoder = undefined;
    sink.onEnd(trailers);
    if (this.socket.destroyed) return;
    // A request body still being sent is cut off: the connection cannot carry another exchange.
    if (!this.#keepAlive || this.#stopBody !== undefined) return void this.socket.destroy();
    this.resume();
    this.owner.idle(this);
  }

  #fail(sink: ResponseSink, message: string): void {
    this.#sink = undefined;
    this.socket.destroy();
    sink.onError('reset', message, false);
  }

  #closed(): void {
    const sink = this.#sink;
    this.#sink = undefined;
    this.#stopBody?.();
    this.#stopBody = undefined;
    if (sink !== undefined) {
      if (this.#decoder !== undefined && this.#head?.framing.kind === 'close' && this.#eof) sink.onEnd(undefined);
      else if (this.#head !== undefined) sink.onError('reset', 'upstream connection closed in the middle of the response', false);
      else sink.onError('reset', this.#received ? 'upstream connection closed in the middle of the response head' : 'upstream connection closed before the response', this.exchanges > 1 && !this.#received);
    }
    this.owner.closed(this, this.connectedAt !== 0 ? undefined : this.#timedOut ? 'timeout' : 'error');
  }
}
