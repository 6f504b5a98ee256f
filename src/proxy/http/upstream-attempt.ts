/**
 * One try of a request against one upstream host, over the cluster's pooled HTTP/1.1 keep-alive
 * connections or its HTTP/2 session. Resolves with the response head (body still streaming) or with
 * why it failed; never rejects. `cancel()` aborts it (route timeout, client gone).
 */
import http from 'node:http';
import http2 from 'node:http2';
import type { Readable } from 'node:stream';
import type { Cluster } from '../upstream/cluster.js';
import type { Host } from '../upstream/host.js';

export interface UpstreamRequest {
  readonly method: string;
  readonly path: string;
  readonly authority: string;
  /** Lower-case names, hop-by-hop headers and `host` already removed. */
  readonly headers: http.OutgoingHttpHeaders;
  /** Buffered body (replayable), a stream to pipe once, or undefined for none. */
  readonly body: Buffer | Readable | undefined;
  readonly perTryTimeoutMs: number | undefined;
}

export type AttemptResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: http.IncomingHttpHeaders;
      readonly body: Readable;
      /** Resolves with trailers (HTTP/2) when the body ends, or undefined. */
      readonly trailers: () => http.IncomingHttpHeaders | undefined;
      /** HTTP/2 "trailers-only" response: the headers carried END_STREAM (gRPC errors). */
      readonly headersOnly: boolean;
    }
  | { readonly kind: 'failure'; readonly outcome: 'connect-failure' | 'reset' | 'refused-stream' | 'per-try-timeout'; readonly message: string };

export interface Attempt {
  readonly result: Promise<AttemptResult>;
  cancel(): void;
}

/** A promise settled once, with an optional timer cleared when it settles. */
function settler() {
  let settle!: (r: AttemptResult) => void;
  const result = new Promise<AttemptResult>((resolve) => (settle = resolve));
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  return {
    result,
    isDone: () => done,
    setTimer: (t: NodeJS.Timeout) => (timer = t),
    finish: (r: AttemptResult) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      settle(r);
    },
  };
}

export function startAttempt(cluster: Cluster, host: Host, req: UpstreamRequest): Attempt {
  return cluster.config.http2 ? h2Attempt(cluster, host, req) : h1Attempt(cluster, host, req);
}

function h1Attempt(cluster: Cluster, host: Host, req: UpstreamRequest): Attempt {
  const { result, finish, isDone, setTimer } = settler();
  let connected = false;
  const headers = { ...req.headers, host: req.authority };
  const up = http.request({ host: host.address, port: host.port, method: req.method, path: req.path, headers, agent: cluster.agent, setHost: false });
  up.on('socket', (socket) => {
    if (!socket.connecting) {
      connected = true;
      return;
    }
    const stats = cluster.stats;
    const ct = setTimeout(() => {
      stats.upstream_cx_connect_timeout.inc();
      up.destroy(new Error('connect timeout'));
    }, cluster.config.connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(ct);
      connected = true;
      stats.upstream_cx_total.inc();
      stats.upstream_cx_http1_total.inc();
      stats.upstream_cx_active.inc();
      host.cxTotal++;
      host.cxActive++;
      socket.once('close', () => {
        stats.upstream_cx_active.dec();
        stats.upstream_cx_destroy.inc();
        host.cxActive--;
      });
    });
    socket.once('close', () => clearTimeout(ct));
  });
  up.on('response', (res) => {
    finish({ kind: 'response', status: res.statusCode ?? 502, headers: res.headers, body: res, trailers: () => (res.complete ? res.trailers : undefined), headersOnly: false });
  });
  up.on('error', (err) => {
    if (!connected) {
      cluster.stats.upstream_cx_connect_fail.inc();
      host.cxConnectFail++;
    }
    finish({ kind: 'failure', outcome: connected ? 'reset' : 'connect-failure', message: err.message });
  });
  if (req.perTryTimeoutMs) {
    setTimer(setTimeout(() => {
      finish({ kind: 'failure', outcome: 'per-try-timeout', message: 'per-try timeout' });
      up.destroy();
    }, req.perTryTimeoutMs));
  }
  sendBody(up, req.body);
  return {
    result,
    cancel: () => {
      if (isDone()) return;
      finish({ kind: 'failure', outcome: 'reset', message: 'cancelled' });
      up.destroy();
    },
  };
}

function sendBody(up: NodeJS.WritableStream & { end(chunk?: unknown): unknown }, body: UpstreamRequest['body']): void {
  if (body === undefined) up.end();
  else if (Buffer.isBuffer(body)) up.end(body);
  else body.pipe(up);
}

function h2Attempt(cluster: Cluster, host: Host, req: UpstreamRequest): Attempt {
  const { result, finish, isDone, setTimer } = settler();
  const session = cluster.h2.session(host);
  const connected = !session.connecting;
  const stream = session.request({ ...req.headers, ':method': req.method, ':path': req.path, ':authority': req.authority, ':scheme': 'http' }, { endStream: req.body === undefined });
  let trailers: http.IncomingHttpHeaders | undefined;
  stream.on('trailers', (t) => (trailers = t as http.IncomingHttpHeaders));
  stream.on('response', (h, flags: number) => {
    const status = Number(h[':status'] ?? 502);
    const headers: http.IncomingHttpHeaders = {};
    for (const [k, v] of Object.entries(h)) if (k[0] !== ':') headers[k] = v as string;
    finish({ kind: 'response', status, headers, body: stream, trailers: () => trailers, headersOnly: (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) !== 0 });
  });
  stream.on('error', (err: Error & { code?: string }) => {
    const refused = stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM;
    if (!connected && session.connecting) host.cxConnectFail++;
    const outcome = refused ? 'refused-stream' : err.code === 'ECONNREFUSED' || (!connected && session.destroyed) ? 'connect-failure' : 'reset';
    finish({ kind: 'failure', outcome, message: err.message });
  });
  stream.on('close', () => finish({ kind: 'failure', outcome: 'reset', message: `stream reset (code ${stream.rstCode ?? 0})` }));
  if (req.perTryTimeoutMs) {
    setTimer(setTimeout(() => {
      finish({ kind: 'failure', outcome: 'per-try-timeout', message: 'per-try timeout' });
      stream.close(http2.constants.NGHTTP2_CANCEL);
    }, req.perTryTimeoutMs));
  }
  if (req.body !== undefined) sendBody(stream, req.body);
  return {
    result,
    cancel: () => {
      if (isDone()) return;
      finish({ kind: 'failure', outcome: 'reset', message: 'cancelled' });
      if (!stream.destroyed) stream.close(http2.constants.NGHTTP2_CANCEL);
    },
  };
}
