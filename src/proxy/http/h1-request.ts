/**
 * A downstream request read by the raw HTTP/1.1 connection, in the shape the connection manager reads
 * (the parts of `http.IncomingMessage` it uses): method, url, headers, version, socket. Its body is
 * either already whole (`wholeBody`, the usual small request that arrived with its head), absent, or
 * a stream (`body`) fed by the connection as bytes arrive, with backpressure. Only that last case pays
 * for a stream.
 */
import type http from 'node:http';
import type net from 'node:net';
import { Readable } from 'node:stream';
import type { ParsedHead } from './h1-head-parser.js';

export class H1Request {
  readonly method: string;
  readonly url: string;
  readonly httpVersion: '1.0' | '1.1';
  readonly headers: http.IncomingHttpHeaders;
  /**
   * The whole body, when it arrived together with the head: it can be sent upstream in one write with
   * the head, and replayed on retries.
   */
  wholeBody: Buffer | undefined;
  /** The body still arriving, as a stream; undefined when there is none or it came whole. */
  body: RequestBody | undefined;

  constructor(head: ParsedHead, readonly socket: net.Socket) {
    this.method = head.method;
    this.url = head.url;
    this.httpVersion = head.httpVersion;
    this.headers = head.headers;
  }

  /** True once the body has been read to its end (or there is none). */
  get complete(): boolean {
    return this.body === undefined || this.body.readableEnded;
  }
}

/**
 * A request body that follows its head in pieces. The connection pushes what it decodes; reading
 * more after a full push asks it (`onDemand`) to resume the socket. Errors are reported to whoever
 * reads it, and never thrown when nobody listens (the exchange's 'close' handles a client gone away).
 */
export class RequestBody extends Readable {
  /** Called when the consumer wants more body after a push returned false. */
  onDemand: (() => void) | undefined;

  constructor() {
    super();
    this.on('error', () => undefined);
  }

  override _read(): void {
    this.onDemand?.();
  }
}
