/**
 * One gRPC call on a node:http2 stream (the server side of a bidirectional streaming method): the
 * response headers go out when the call starts, request messages come in through a GrpcDeframer,
 * response messages go out framed by the caller (5-byte prefix), and the call ends with `grpc-status`
 * and a percent-encoded `grpc-message` in the trailers. Broken framing (a compressed message, a message
 * larger than MAX_MESSAGE_BYTES) ends the call with a status naming the problem.
 */
import type { OutgoingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { GrpcCode, statusHeaders, type GrpcCodeValue } from '../../../xds-api/wire/grpc-status.js';
import { GrpcDeframer } from '../../../xds-api/wire/grpc-frames.js';

/** The largest request message accepted (grpc-js's default receive limit). */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** What a method does with the events of one call. Each is called on the call's own stream events. */
export interface CallHandler {
  /** One request message, still encoded (a view into the received bytes: copy it to keep it). */
  message(bytes: Buffer): void;
  /** The client has sent its last message. */
  halfClosed(): void;
  /** The call is over (ended, cancelled by the client, or its session gone); called once. */
  closed(): void;
}

export class GrpcCall {
  /** The client's address in gRPC's form: `ipv4:127.0.0.1:53412`, `ipv6:[::1]:53412`. */
  readonly peer: string;
  readonly #stream: ServerHttp2Stream;
  #trailers: OutgoingHttpHeaders | undefined;

  constructor(stream: ServerHttp2Stream, peer: string) {
    this.#stream = stream;
    this.peer = peer;
  }

  /** Sends the response headers and starts delivering the stream's events to `handler`. */
  start(handler: CallHandler): void {
    const stream = this.#stream;
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-accept-encoding': 'identity' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers(this.#trailers ?? statusHeaders(GrpcCode.OK, '')));
    const deframer = new GrpcDeframer((bytes) => {
      if (this.#trailers === undefined) handler.message(bytes);
    });
    stream.on('data', (chunk: Buffer) => {
      if (this.#trailers !== undefined) return;
      try {
        deframer.push(chunk);
      } catch (err) {
        this.end(GrpcCode.INVALID_ARGUMENT, err instanceof Error ? err.message : String(err));
        return;
      }
      if (deframer.pendingBytes() > MAX_MESSAGE_BYTES + 5) {
        this.end(GrpcCode.RESOURCE_EXHAUSTED, `gRPC: request message larger than ${MAX_MESSAGE_BYTES} bytes`);
      }
    });
    stream.on('end', () => {
      if (this.#trailers === undefined) handler.halfClosed();
    });
    stream.once('close', () => handler.closed());
  }

  /**
   * Writes one response message that carries its gRPC prefix already (grpcFrame, or
   * PreparedResponse#grpcFramedWithNonce); dropped once the call has ended.
   */
  writeFramed(frame: Buffer): void {
    if (this.#trailers === undefined && !this.#stream.destroyed) this.#stream.write(frame);
  }

  /** Ends the call with a status (idempotent; the first status wins). Later messages are ignored. */
  end(code: GrpcCodeValue = GrpcCode.OK, message = ''): void {
    if (this.#trailers !== undefined) return;
    this.#trailers = statusHeaders(code, message);
    if (!this.#stream.destroyed && this.#stream.writable) this.#stream.end();
  }

  /** Whether `end` was called. */
  get ended(): boolean {
    return this.#trailers !== undefined;
  }
}
