/**
 * Writing the response downstream: an upstream response streamed through (with HTTP/2 trailers and
 * gRPC trailers-only replies handled), or a reply the proxy makes itself with its response flag.
 */
import type http from 'node:http';
import type http2 from 'node:http2';
import type { RouteAction } from '../config/model.js';
import type { Cluster } from '../upstream/cluster.js';
import type { Host } from '../upstream/host.js';
import { addFlag, dropRequestBody, type Exchange } from './exchange.js';
import type { ProxyContext } from './proxy-context.js';
import { downstreamHeaders } from './request-head.js';
import { localReplyFor, RESPONSE_FLAGS_HEADER, type ResponseFlag } from './response-flags.js';
import type { AttemptResult } from './upstream-attempt.js';

export function sendUpstreamResponse(ex: Exchange, cluster: Cluster, host: Host, r: Extract<AttemptResult, { kind: 'response' }>, action: RouteAction, ctx: ProxyContext): void {
  const { res } = ex;
  cluster.countStatus(r.status);
  if (r.status < 500) host.rqSuccess++;
  else host.rqError++;
  ex.status = r.status;
  const headers = downstreamHeaders(r.headers);
  headers['x-envoy-upstream-service-time'] = String(ex.serviceTimeMs ?? 0);
  if (ex.flags) headers[RESPONSE_FLAGS_HEADER] = ex.flags;
  if (ctx.draining() && ex.req.httpVersion !== '2.0') headers['connection'] = 'close';
  if (r.headersOnly && ex.req.httpVersion === '2.0' && headers['grpc-status'] !== undefined) {
    // A gRPC trailers-only reply goes out as headers plus trailers, which every gRPC client reads.
    const trailers: Record<string, string> = {};
    for (const k of ['grpc-status', 'grpc-message', 'grpc-status-details-bin']) {
      if (headers[k] !== undefined) trailers[k] = String(headers[k]);
      delete headers[k];
    }
    (res as http2.Http2ServerResponse).addTrailers(trailers);
  }
  const body = r.body;
  // A response already complete (a Buffer, or a stream that received all of it before anyone read):
  // head and body go out in one write, no stream plumbing.
  if (Buffer.isBuffer(body)) return sendWhole(ex, r.status, headers, body);
  const whole = r.trailers() === undefined ? r.takeWhole?.() : undefined;
  if (whole !== undefined) return sendWhole(ex, r.status, headers, whole);
  res.writeHead(r.status, headers);
  if (r.headersOnly) {
    body.resume();
    dropRequestBody(ex.req);
    res.end();
    return;
  }
  let idle: NodeJS.Timeout | undefined;
  const idleMs = action.idleTimeoutMs;
  const arm = idleMs ? () => (idle && clearTimeout(idle), (idle = setTimeout(() => body.destroy(new Error('idle timeout')), idleMs))) : undefined;
  arm?.();
  body.on('data', (c: Buffer) => {
    ex.bytesOut += c.length;
    arm?.();
  });
  body.once('end', () => {
    if (idle) clearTimeout(idle);
    dropRequestBody(ex.req);
    const trailers = r.trailers();
    if (trailers && ex.req.httpVersion === '2.0') (res as http2.Http2ServerResponse).addTrailers(downstreamHeaders(trailers) as Record<string, string>);
  });
  const reset = (err: Error) => {
    if (idle) clearTimeout(idle);
    ctx.routerLog.debug(`upstream ${host.key} reset the response body: ${err.message}`);
    addFlag(ex, 'UR');
    cluster.stats.upstream_rq_rx_reset.inc();
    res.destroy();
  };
  body.on('error', reset);
  if (body.errored) return reset(body.errored);
  res.once('close', () => {
    if (!body.readableEnded) body.destroy();
  });
  body.pipe(res);
}

function sendWhole(ex: Exchange, status: number, headers: http.OutgoingHttpHeaders, body: Buffer): void {
  ex.bytesOut = body.length;
  dropRequestBody(ex.req);
  ex.res.writeHead(status, headers);
  ex.res.end(body);
}

export function sendLocalReply(ex: Exchange, flag: ResponseFlag): void {
  const { res } = ex;
  addFlag(ex, flag);
  const reply = localReplyFor(flag);
  ex.status = reply.status;
  dropRequestBody(ex.req);
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(reply.body), [RESPONSE_FLAGS_HEADER]: ex.flags });
  ex.bytesOut = Buffer.byteLength(reply.body);
  res.end(reply.body);
}
