/**
 * One downstream HTTP/1.1 connection served on the raw socket: request heads parsed straight from the
 * socket's bytes (h1-head-parser), bodies decoded with backpressure (h1-body-decoder), one exchange at
 * a time, so pipelined requests are answered in order. Keep-alive, `Connection: close`, HTTP/1.0 and
 * `Expect: 100-continue` are handled here; Upgrade and CONNECT are handed to the full HTTP server with
 * the bytes already read.
 */
import type net from 'node:net';
import { BodyDecoder } from './h1-body-decoder.js';
import { parseRequestHead, type ParsedHead } from './h1-head-parser.js';
import { H1Request, RequestBody } from './h1-request.js';
import { H1Response, type ResponseSink } from './h1-response.js';

/** What the connection asks of the listener that owns it. */
export interface H1ConnectionHost {
  readonly maxHeaderBytes: number;
  /** A complete request head arrived (the first one stops the listener's header timer). */
  onHead(socket: net.Socket): void;
  onRequest(req: H1Request, res: H1Response): void;
  /** Bad framing: answer `status` and close. Nothing has been written for this exchange. */
  onReject(socket: net.Socket, status: number, reason: string): void;
  /** A request this connection does not serve: the socket, with `rest` unread, goes to node:http. */
  onHandOff(socket: net.Socket, rest: Buffer): void;
}

/** An idle keep-alive connection is closed after this long. */
export const KEEP_ALIVE_TIMEOUT_MS = 60_000;

export class H1Connection implements ResponseSink {
  #buf: Buffer = Buffer.alloc(0);
  #pos = 0;
  #req: H1Request | undefined;
  #res: H1Response | undefined;
  #decoder: BodyDecoder | undefined;
  #responded = false;
  #closing = false;
  readonly #onData = (chunk: Buffer) => this.#data(chunk);
  readonly #onDrain = () => this.#res?.emit('drain');
  readonly #onEnd = () => this.#bodyAborted();
  readonly #onClose = () => this.#closed();
  readonly #onTimeout = () => {
    if (this.#res === undefined) this.socket.destroy();
  };

  constructor(readonly socket: net.Socket, private readonly host: H1ConnectionHost) {
    socket.on('data', this.#onData);
    socket.on('drain', this.#onDrain);
    socket.on('end', this.#onEnd);
    socket.on('close', this.#onClose);
    socket.on('timeout', this.#onTimeout);
    socket.setTimeout(KEEP_ALIVE_TIMEOUT_MS);
  }

  /** True between exchanges (not once the connection was handed over or is closing). */
  get idle(): boolean {
    return this.#res === undefined && !this.#closing;
  }

  write(data: Buffer | string, done?: (err?: Error | null) => void): boolean {
    return this.socket.write(data, done);
  }

  destroy(): void {
    this.socket.destroy();
  }

  responseDone(close: boolean): void {
    this.#responded = true;
    if (close) {
      this.#closing = true;
      this.socket.end();
      return;
    }
    this.#next();
  }

  #data(chunk: Buffer): void {
    if (this.#closing) return;
    this.#buf = this.#pos >= this.#buf.length ? chunk : Buffer.concat([this.#buf.subarray(this.#pos), chunk]);
    this.#pos = 0;
    this.#process();
  }

  #process(): void {
    while (!this.#closing) {
      if (this.#decoder !== undefined) {
        if (!this.#body()) return;
        continue;
      }
      if (this.#res !== undefined) {
        // A pipelined request waits for the response before it; stop reading if it piles up.
        if (this.#buf.length - this.#pos > this.host.maxHeaderBytes) this.socket.pause();
        return;
      }
      if (this.#pos >= this.#buf.length) return;
      const r = parseRequestHead(this.#buf, this.#pos, this.host.maxHeaderBytes);
      if (r.kind === 'partial') return;
      if (r.kind === 'reject') return this.#reject(r.status, r.reason);
      this.host.onHead(this.socket);
      if (r.head.handOff) return this.#handOff();
      this.#pos = r.end;
      this.#start(r.head);
    }
  }

  #start(head: ParsedHead): void {
    if (head.expect !== undefined) {
      if (head.expect.toLowerCase() !== '100-continue') return this.#reject(417, `unsupported Expect '${head.expect}'`);
      if (head.httpVersion === '1.1') this.socket.write('HTTP/1.1 100 Continue\r\n\r\n');
    }
    const req = new H1Request(head, this.socket);
    const res = new H1Response(this, head.httpVersion, head.keepAlive, head.method === 'HEAD');
    this.#req = req;
    this.#res = res;
    this.#responded = false;
    const framing = head.framing;
    if (framing.kind === 'length' && this.#buf.length - this.#pos >= framing.length) {
      req.wholeBody = this.#buf.subarray(this.#pos, this.#pos + framing.length);
      this.#pos += framing.length;
    } else if (framing.kind !== 'none') {
      this.#decoder = new BodyDecoder(framing);
      const body = (req.body = new RequestBody());
      body.onDemand = () => this.socket.resume();
    }
    this.host.onRequest(req, res);
  }

  /** Feeds buffered bytes to the current body; false when more bytes are needed. */
  #body(): boolean {
    const body = this.#req!.body!;
    const r = this.#decoder!.decode(this.#buf, this.#pos, (c) => {
      if (!body.destroyed && !body.push(c)) this.socket.pause();
    });
    if (r.kind === 'invalid') {
      this.#reject(400, r.reason);
      return false;
    }
    this.#pos += r.consumed;
    if (r.kind === 'more') return false;
    this.#decoder = undefined;
    body.onDemand = undefined;
    body.push(null);
    if (this.#responded) this.#next();
    return true;
  }

  /** The exchange is over when its response is flushed and its body fully read. */
  #next(): void {
    if (this.#decoder !== undefined || this.#closing) return;
    this.#req = undefined;
    this.#res = undefined;
    this.socket.resume();
    this.#process();
  }

  #reject(status: number, reason: string): void {
    this.#closing = true;
    const res = this.#res;
    const req = this.#req;
    if (res !== undefined && res.started) {
      this.socket.destroy();
    } else {
      this.#detach();
      this.host.onReject(this.socket, status, reason);
    }
    res?.abort();
    if (req !== undefined && !req.complete) req.body!.destroy(new Error(reason));
  }

  #handOff(): void {
    this.#closing = true;
    this.#detach();
    this.host.onHandOff(this.socket, this.#buf.subarray(this.#pos));
  }

  #bodyAborted(): void {
    const body = this.#req?.body;
    if (this.#decoder !== undefined && body !== undefined) body.destroy(new Error('aborted'));
  }

  #closed(): void {
    this.#detach();
    this.#res?.abort();
    const req = this.#req;
    if (req !== undefined && !req.complete) req.body!.destroy(new Error('aborted'));
  }

  #detach(): void {
    const s = this.socket;
    s.off('data', this.#onData);
    s.off('drain', this.#onDrain);
    s.off('end', this.#onEnd);
    s.off('close', this.#onClose);
    s.off('timeout', this.#onTimeout);
    s.setTimeout(0);
  }
}
