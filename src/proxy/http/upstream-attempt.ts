/**
 * Starting a try against one upstream host: over the cluster's HTTP/2 session (here) or its pooled
 * HTTP/1.1 connections (h1-attempt.ts).
 */
import type http from 'node:http';
import http2 from 'node:http2';
import type { Cluster } from '../upstream/cluster.js';
import type { Host } from '../upstream/host.js';
import { settler, type Attempt, type UpstreamRequest } from './attempt.js';
import { h1Attempt } from './h1-attempt.js';

export type { Attempt, AttemptResult, UpstreamRequest } from './attempt.js';
export { discardBody, drainBody } from './attempt.js';

/** Starts a try over HTTP/2 or HTTP/1.1 as the cluster says; `onBodyBytes` counts streamed request body bytes sent. */
export function startAttempt(cluster: Cluster, host: Host, req: UpstreamRequest, onBodyBytes: (n: number) => void): Attempt {
  return cluster.config.http2 ? h2Attempt(cluster, host, req, onBodyBytes) : h1Attempt(cluster, host, req, onBodyBytes);
}

function sendBody(up: NodeJS.WritableStream & { end(chunk?: unknown): unknown }, body: UpstreamRequest['body']): void {
  if (body === undefined) up.end();
  else if (Buffer.isBuffer(body)) up.end(body);
  else body.pipe(up);
}

function h2Attempt(cluster: Cluster, host: Host, req: UpstreamRequest, onBodyBytes: (n: number) => void): Attempt {
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
  if (req.body !== undefined) {
    sendBody(stream, req.body);
    if (!Buffer.isBuffer(req.body)) req.body.on('data', (c: Buffer) => onBodyBytes(c.length));
  }
  return {
    result,
    cancel: () => {
      if (isDone()) return;
      finish({ kind: 'failure', outcome: 'reset', message: 'cancelled' });
      if (!stream.destroyed) stream.close(http2.constants.NGHTTP2_CANCEL);
    },
  };
}
