/**
 * One HTTP/1.1 try through the cluster's pooled keep-alive connections (upstream/h1-pool.ts). A
 * response body that arrived whole with its head is handed on as a Buffer; one still arriving as a
 * ResponseBody (a Readable whose backpressure pauses the upstream socket, or taken whole when it has
 * fully arrived before anyone read it).
 */
import type http from 'node:http';
import type { Cluster } from '../upstream/cluster.js';
import type { H1ClientConnection, ResponseSink } from '../upstream/h1-client-connection.js';
import type { PooledRequest } from '../upstream/h1-host-pool.js';
import type { Host } from '../upstream/host.js';
import type { ResponseHead } from './h1-response-parser.js';
import { ResponseBody } from './response-body.js';
import { settler, type Attempt, type AttemptResult, type UpstreamRequest } from './attempt.js';

class H1Attempt implements Attempt, ResponseSink {
  readonly result: Promise<AttemptResult>;
  readonly #settle: ReturnType<typeof settler>;
  readonly #pooled: PooledRequest;
  #body: ResponseBody | undefined;

  constructor(cluster: Cluster, host: Host, req: UpstreamRequest, private readonly countBodyBytes: ((n: number) => void) | undefined) {
    this.#settle = settler();
    this.result = this.#settle.result;
    if (req.perTryTimeoutMs) this.#settle.setTimer(setTimeout(() => this.#cancel('per-try-timeout', 'per-try timeout'), req.perTryTimeoutMs));
    this.#pooled = cluster.h1.request(host, req, this);
  }

  cancel(): void {
    if (!this.#settle.isDone()) this.#cancel('reset', 'cancelled');
  }

  onHead(head: ResponseHead, connection: H1ClientConnection, whole: Buffer | undefined): void {
    if (whole !== undefined) {
      this.#settle.finish({ kind: 'response', status: head.status, headers: head.headers, body: whole, trailers: noTrailers, headersOnly: false });
      return;
    }
    const body = (this.#body = new ResponseBody());
    body.resumeUpstream = connection.resume;
    body.abortUpstream = connection.abort;
    this.#settle.finish({ kind: 'response', status: head.status, headers: head.headers, body, trailers: () => body.trailers, headersOnly: false, takeWhole: () => body.takeWhole() });
  }

  onData(chunk: Buffer): boolean {
    return this.#body!.add(chunk);
  }

  onEnd(trailers: http.IncomingHttpHeaders | undefined): void {
    const body = this.#body;
    if (body === undefined) return; // it came whole with the head
    // The connection may now carry another exchange: this body no longer steers it.
    body.resumeUpstream = undefined;
    body.abortUpstream = undefined;
    body.finish(trailers);
  }

  onError(outcome: 'connect-failure' | 'reset', message: string, stale: boolean): void {
    const body = this.#body;
    if (body !== undefined) {
      if (!body.complete) body.destroy(new Error(message));
      return;
    }
    this.#settle.finish({ kind: 'failure', outcome, message, staleConnection: stale });
  }

  onBodySent(bytes: number): void {
    this.countBodyBytes?.(bytes);
  }

  /** Per-try timeout or cancel: the connection carrying the request is destroyed, never reused. */
  #cancel(outcome: 'reset' | 'per-try-timeout', message: string): void {
    this.#settle.finish({ kind: 'failure', outcome, message });
    const body = this.#body;
    if (body === undefined) this.#pooled.cancel();
    else if (!body.complete) body.destroy();
  }
}

const noTrailers = (): undefined => undefined;

/** Starts one try; `onBodyBytes` counts the bytes of a streamed request body as they are written. */
export function h1Attempt(cluster: Cluster, host: Host, req: UpstreamRequest, onBodyBytes: (n: number) => void): Attempt {
  return new H1Attempt(cluster, host, req, req.body !== undefined && !Buffer.isBuffer(req.body) ? onBodyBytes : undefined);
}
