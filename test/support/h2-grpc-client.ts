/**
 * A raw gRPC client on node:http2 for tests that must send what a well-behaved client cannot (a wrong
 * method or content-type, garbage messages, a compressed flag): one call on a given session, its
 * response headers, trailers, body and the gRPC messages in it, each wait bounded by a deadline.
 */
import { connect, type ClientHttp2Session, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2';
import { ADS_METHOD_PATH } from '../../src/xds-api/index.js';
import { GrpcDeframer, grpcFrame } from '../../src/xds-api/wire/grpc-frames.js';

export interface RawCallResult {
  readonly headers: IncomingHttpHeaders;
  /** Trailers, or the headers of a trailers-only response. */
  readonly status: { code: number | undefined; message: string | undefined };
  readonly body: Buffer;
}

export class RawGrpcCall {
  readonly messages: Buffer[] = [];
  readonly done: Promise<RawCallResult>;
  readonly #stream;
  readonly #waiters: Array<() => void> = [];

  constructor(session: ClientHttp2Session, headers: OutgoingHttpHeaders = {}, ms = 5000) {
    this.#stream = session.request({ ':method': 'POST', ':path': ADS_METHOD_PATH, 'content-type': 'application/grpc', te: 'trailers', ...headers });
    const chunks: Buffer[] = [];
    const deframer = new GrpcDeframer((m) => {
      this.messages.push(Buffer.from(m));
      for (const w of this.#waiters.splice(0)) w();
    });
    this.done = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`call not finished within ${ms} ms`)), ms);
      let response: IncomingHttpHeaders = {};
      let trailers: IncomingHttpHeaders | undefined;
      this.#stream.on('response', (h) => (response = h));
      this.#stream.on('trailers', (t) => (trailers = t));
      this.#stream.on('data', (c: Buffer) => {
        chunks.push(c);
        if (response['content-type'] === 'application/grpc') deframer.push(c);
      });
      this.#stream.on('error', () => undefined);
      // The server has finished the call: finish ours too, as gRPC clients do.
      this.#stream.on('end', () => this.#stream.close());
      this.#stream.on('close', () => {
        clearTimeout(timer);
        const s = trailers ?? response;
        const code = s['grpc-status'] === undefined ? undefined : Number(s['grpc-status']);
        const message = s['grpc-message'] === undefined ? undefined : decodeURIComponent(String(s['grpc-message']));
        resolve({ headers: response, status: { code, message }, body: Buffer.concat(chunks) });
      });
    });
  }

  /** Sends one message with the gRPC prefix (`flag` 1 marks it compressed). */
  send(message: Uint8Array, flag = 0): this {
    const framed = grpcFrame(message);
    framed[0] = flag;
    this.#stream.write(framed);
    return this;
  }

  end(): void {
    this.#stream.end();
  }

  /** Resolves once `count` messages have arrived, or rejects after `ms`. */
  async received(count: number, ms = 5000): Promise<Buffer[]> {
    const deadline = Date.now() + ms;
    while (this.messages.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.messages.length} of ${count} messages within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.messages;
  }
}

/** A cleartext HTTP/2 session to `address` (`host:port`), closed when the test ends. */
export function h2Session(t: { after(fn: () => unknown): void }, address: string): ClientHttp2Session {
  const session = connect(`http://${address}`);
  session.on('error', () => undefined);
  t.after(() => session.destroy());
  return session;
}
