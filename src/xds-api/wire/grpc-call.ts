/**
 * One bidirectional gRPC call over its own cleartext HTTP/2 connection (h2c, `node:http2`), as the
 * proxy's ADS client needs it: request headers as gRPC requires (`content-type: application/grpc`,
 * `te: trailers`, user-agent), messages framed with grpc-frames.ts, the final status from the trailers
 * or a trailers-only response, and a keepalive PING every `keepalive.intervalMs` whose missing ACK
 * (after `keepalive.timeoutMs`) counts as a broken connection.
 *
 * The call reports exactly one end (`onEnd`): a gRPC status, or a transport failure with the reason.
 * `close()` ends it from this side without a report. No reconnecting here: the caller decides.
 */
import * as http2 from 'node:http2';
import { GrpcDeframer, grpcFrame } from './grpc-frames.js';
import { grpcStatusName, grpcStatusOf, type GrpcStatus } from './grpc-status.js';

export interface GrpcCallOptions {
  /** `host:port` of the server. */
  readonly address: string;
  /** The method path, `/package.Service/Method`. */
  readonly path: string;
  readonly userAgent: string;
  readonly keepalive: { readonly intervalMs: number; readonly timeoutMs: number };
}

export type GrpcCallEnd = { readonly kind: 'status'; readonly status: GrpcStatus } | { readonly kind: 'transport'; readonly reason: string };

export interface GrpcCallHandlers {
  /** The first response headers arrived: the server accepted the call. */
  onOpen?(): void;
  onMessage(message: Buffer): void;
  onEnd(end: GrpcCallEnd): void;
}

/** A one-line description of how a call ended, for logs. */
export function describeEnd(end: GrpcCallEnd): string {
  if (end.kind === 'transport') return end.reason;
  return `grpc-status ${grpcStatusName(end.status.code)}${end.status.message ? `: ${end.status.message}` : ''}`;
}

export class GrpcCall {
  readonly #h: GrpcCallHandlers;
  readonly #session: http2.ClientHttp2Session;
  readonly #stream: http2.ClientHttp2Stream;
  readonly #deframer: GrpcDeframer;
  readonly #keepalive: NodeJS.Timeout;
  #pingDeadline: NodeJS.Timeout | undefined;
  #status: GrpcStatus | undefined;
  #error: string | undefined;
  #ended = false;

  constructor(o: GrpcCallOptions, handlers: GrpcCallHandlers) {
    this.#h = handlers;
    this.#deframer = new GrpcDeframer((m) => {
      if (!this.#ended) this.#h.onMessage(m);
    });
    this.#session = http2.connect(`http://${o.address}`);
    this.#session.on('error', (err) => this.#end({ kind: 'transport', reason: err.message }));
    this.#session.on('close', () => this.#end({ kind: 'transport', reason: 'connection closed' }));
    this.#stream = this.#session.request(
      { ':method': 'POST', ':path': o.path, 'content-type': 'application/grpc', te: 'trailers', 'user-agent': o.userAgent },
      { endStream: false },
    );
    this.#stream.on('response', (headers) => {
      const status = Number(headers[':status']);
      const trailersOnly = grpcStatusOf(headers);
      if (trailersOnly) this.#status = trailersOnly;
      else if (status !== 200) this.#error = `HTTP status ${status} from the server`;
      else this.#h.onOpen?.();
    });
    this.#stream.on('data', (chunk: Buffer) => {
      try {
        this.#deframer.push(chunk);
      } catch (err) {
        this.#end({ kind: 'transport', reason: (err as Error).message });
      }
    });
    this.#stream.on('trailers', (headers) => {
      this.#status = grpcStatusOf(headers) ?? { code: 2, message: 'trailers without grpc-status' };
    });
    this.#stream.on('error', (err) => {
      this.#error ??= err.message;
    });
    // The server's END_STREAM (after trailers, or a trailers-only response) ends the call although
    // this side of the stream is still open; a reset or a lost connection shows as 'close'.
    this.#stream.on('end', () => this.#end(this.#closedBy()));
    this.#stream.on('close', () => this.#end(this.#closedBy()));
    this.#keepalive = setInterval(() => this.#ping(o.keepalive.timeoutMs), o.keepalive.intervalMs).unref();
  }

  #closedBy(): GrpcCallEnd {
    if (this.#status) return { kind: 'status', status: this.#status };
    if (this.#error !== undefined) return { kind: 'transport', reason: this.#error };
    const code = this.#stream.rstCode;
    if (code !== undefined && code !== http2.constants.NGHTTP2_NO_ERROR) return { kind: 'transport', reason: `stream reset by the server (HTTP/2 error ${code})` };
    return { kind: 'transport', reason: 'stream ended without a grpc-status' };
  }

  #ping(timeoutMs: number): void {
    if (this.#pingDeadline || this.#ended) return;
    this.#pingDeadline = setTimeout(() => this.#end({ kind: 'transport', reason: `keepalive: no PING ACK within ${timeoutMs} ms` }), timeoutMs).unref();
    try {
      this.#session.ping((err) => {
        if (err) return; // the session is going away; its close reports the end
        clearTimeout(this.#pingDeadline);
        this.#pingDeadline = undefined;
      });
    } catch (err) {
      this.#end({ kind: 'transport', reason: `keepalive: ${(err as Error).message}` }); // destroyed before its close event
    }
  }

  /** Sends one message; ignored once the call has ended. */
  write(message: Uint8Array): void {
    if (!this.#ended) this.#stream.write(grpcFrame(message));
  }

  #end(end: GrpcCallEnd): void {
    if (this.#ended) return;
    this.#teardown();
    this.#h.onEnd(end);
  }

  #teardown(): void {
    this.#ended = true;
    clearInterval(this.#keepalive);
    clearTimeout(this.#pingDeadline);
    if (!this.#stream.destroyed) this.#stream.close(http2.constants.NGHTTP2_CANCEL);
    this.#session.destroy();
  }

  /** Ends the call from this side (cancels the stream, closes the connection); no onEnd. */
  close(): void {
    if (!this.#ended) this.#teardown();
  }
}
