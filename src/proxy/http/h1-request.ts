/**
 * A downstream request read by the raw HTTP/1.1 connection, in the shape the connection manager reads
 * (the parts of `http.IncomingMessage` it uses): method, url, headers, version, socket, and the body
 * as a Readable. Reading pauses the socket while the body stream is full (backpressure).
 */
import type http from 'node:http';
import type net from 'node:net';
import { Readable } from 'node:stream';
import type { ParsedHead } from './h1-head-parser.js';

export class H1Request extends Readable {
  readonly method: string;
  readonly url: string;
  readonly httpVersion: '1.0' | '1.1';
  readonly headers: http.IncomingHttpHeaders;
  /** Called when the consumer wants more body after a push returned false. */
  onDemand: (() => void) | undefined;
  /**
   * The whole body, when it arrived together with the head (the usual small request): it can be sent
   * upstream in one write with the head, and replayed on retries. The stream is then already ended.
   */
  wholeBody: Buffer | undefined;

  constructor(head: ParsedHead, readonly socket: net.Socket) {
    super();
    this.method = head.method;
    this.url = head.url;
    this.httpVersion = head.httpVersion;
    this.headers = head.headers;
    if (head.framing.kind === 'none') this.push(null);
  }

  /** Sets the whole body (see wholeBody) and ends the stream. */
  setWholeBody(body: Buffer): void {
    this.wholeBody = body;
    this.push(null);
  }

  override _read(): void {
    this.onDemand?.();
  }
}
