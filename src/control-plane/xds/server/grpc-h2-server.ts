/**
 * A gRPC server on node:http2 (cleartext HTTP/2 with prior knowledge, as xDS clients connect) for
 * bidirectional streaming methods. Requests are checked as the gRPC HTTP/2 protocol says: not POST →
 * HTTP 405, a content-type other than application/grpc[+proto|;…] → HTTP 415, a path no method serves
 * → UNIMPLEMENTED (trailers-only; the message is the method's own when given in `unimplemented`), a
 * `grpc-encoding` other than identity → UNIMPLEMENTED. Client pings are answered at any rate. An
 * HTTP/1.1 request fails the HTTP/2 preface and its connection is closed.
 *
 * `close` ends every open call with status OK, sends GOAWAY and waits for the sessions to go;
 * `destroy` drops them.
 */
import { createServer, type Http2Server, type IncomingHttpHeaders, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import type { Socket } from 'node:net';
import { listen, type Component } from '../../../core/lifecycle.js';
import { GrpcCode, statusHeaders, type GrpcCodeValue } from '../../../xds-api/wire/grpc-status.js';
import { GrpcCall, type CallHandler } from './grpc-h2-call.js';

/** Serves one method: called once per call, returns what to do with the call's events. */
export type MethodHandler = (call: GrpcCall) => CallHandler;

export interface GrpcH2ServerOptions {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** Method path (`/package.Service/Method`) → handler. */
  readonly methods: ReadonlyMap<string, MethodHandler>;
  /** Method path → the UNIMPLEMENTED message for a method known but not served. */
  readonly unimplemented?: ReadonlyMap<string, string>;
}

const GRPC_CONTENT_TYPE = /^application\/grpc(?:[+;]|$)/;

/** A peer in gRPC's form (`ipv4:127.0.0.1:53412`, `ipv6:[::1]:53412`). */
export function peerOf(socket: Pick<Socket, 'remoteAddress' | 'remotePort' | 'remoteFamily'>): string {
  const address = socket.remoteAddress ?? 'unknown';
  return socket.remoteFamily === 'IPv6' ? `ipv6:[${address}]:${socket.remotePort}` : `ipv4:${address}:${socket.remotePort}`;
}

export class GrpcH2Server implements Component {
  readonly name: string;
  readonly #opts: GrpcH2ServerOptions;
  readonly #server: Http2Server;
  readonly #sessions = new Set<ServerHttp2Session>();
  readonly #calls = new Set<GrpcCall>();
  #closing = false;
  #port = 0;

  constructor(opts: GrpcH2ServerOptions) {
    this.name = opts.name;
    this.#opts = opts;
    this.#server = createServer();
    this.#server.on('session', (session) => this.#onSession(session));
    this.#server.on('stream', (stream, headers) => this.#onStream(stream, headers));
  }

  async start(): Promise<void> {
    this.#port = (await listen(this.#server, this.#opts.port, this.#opts.host)).port;
  }

  /** The bound port (useful with port 0). */
  port(): number {
    return this.#port;
  }

  async close(): Promise<void> {
    this.#closing = true;
    for (const call of this.#calls) call.end(GrpcCode.OK);
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const session of this.#sessions) session.close();
    await closed;
  }

  destroy(): void {
    this.#closing = true;
    for (const session of this.#sessions) session.destroy();
    if (this.#server.listening) this.#server.close();
  }

  #onSession(session: ServerHttp2Session): void {
    this.#sessions.add(session);
    // A session's errors (a bad preface, a protocol error) end the session only.
    session.on('error', () => undefined);
    session.once('close', () => this.#sessions.delete(session));
    if (this.#closing) session.close();
  }

  #onStream(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    stream.on('error', () => undefined); // a reset stream ends its call through 'close'
    const path = headers[':path'] ?? '';
    if (headers[':method'] !== 'POST') return httpError(stream, 405, `gRPC requests are POST, not ${headers[':method']}`, { allow: 'POST' });
    const contentType = headers['content-type'] ?? '';
    if (!GRPC_CONTENT_TYPE.test(contentType)) return httpError(stream, 415, `expected content-type application/grpc, got '${contentType}'`);
    const handler = this.#opts.methods.get(path);
    if (!handler) return trailersOnly(stream, GrpcCode.UNIMPLEMENTED, this.#opts.unimplemented?.get(path) ?? `The server does not implement the method ${path}`);
    const encoding = headers['grpc-encoding'];
    if (encoding !== undefined && encoding !== 'identity') return trailersOnly(stream, GrpcCode.UNIMPLEMENTED, `grpc-encoding '${encoding}' is not supported (identity only)`);
    if (this.#closing) return trailersOnly(stream, GrpcCode.UNAVAILABLE, 'the server is shutting down');
    const session = stream.session;
    const call = new GrpcCall(stream, session ? peerOf(session.socket) : 'unknown');
    this.#calls.add(call);
    stream.once('close', () => this.#calls.delete(call));
    call.start(handler(call));
  }
}

function trailersOnly(stream: ServerHttp2Stream, code: GrpcCodeValue, message: string): void {
  stream.respond({ ':status': 200, 'content-type': 'application/grpc', ...statusHeaders(code, message) }, { endStream: true });
  stream.resume();
}

function httpError(stream: ServerHttp2Stream, status: number, message: string, extra: Record<string, string> = {}): void {
  stream.respond({ ':status': status, 'content-type': 'text/plain; charset=utf-8', ...extra });
  stream.end(`${message}\n`);
  stream.resume();
}
