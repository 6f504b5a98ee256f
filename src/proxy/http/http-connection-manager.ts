/**
 * The HTTP connection manager and router of one filter chain: route the request (from the snapshot it
 * started with), pick a cluster and host, forward it with retries and timeouts, stream the response
 * back, then count it and write the access log. Responses carry the exchange's Envoy response flags
 * (the same as %RESPONSE_FLAGS% in the access log) in `x-meshwork-response-flags`.
 */
import type http from 'node:http';
import type http2 from 'node:http2';
import type { Readable } from 'node:stream';
import type { HttpConnectionManagerConfig, Route, RouteAction } from '../config/model.js';
import { classifyStatus } from '../health/outlier.js';
import { matchRoute, pickCluster, rewritePath, selectVirtualHost } from '../router/match.js';
import type { Cluster } from '../upstream/cluster.js';
import type { Host } from '../upstream/host.js';
import { createAccessLogger, type AccessLogger } from './access-log.js';
import { countDownstreamStatus, createHcmStats, type HcmStats } from './hcm-stats.js';
import type { ProxyContext } from './proxy-context.js';
import { accessLogEntry, addFlag, bodyStream, dropRequestBody, ignore, type DownReq, type DownRes, type Exchange } from './exchange.js';
import { H1Request } from './h1-request.js';
import { readHead, upstreamHeaders } from './request-head.js';
import { sendLocalReply, sendUpstreamResponse } from './response-writer.js';
import { backoffMs, isRetriable, type AttemptOutcome } from './retry-policy.js';
import { discardBody, drainBody, startAttempt, type AttemptResult, type UpstreamRequest } from './upstream-attempt.js';

/** Bodies up to this size are buffered when a retry policy applies, so they can be replayed. */
export const RETRY_BUFFER_LIMIT = 64 * 1024;


let streamIds = 0;

export class HttpConnectionManager {
  readonly stats: HcmStats;
  readonly #loggers: AccessLogger[];

  constructor(readonly config: HttpConnectionManagerConfig, private readonly ctx: ProxyContext) {
    this.stats = createHcmStats(ctx.stats, config.statPrefix);
    this.#loggers = config.accessLogs.map(createAccessLogger);
  }

  handle(req: DownReq, res: DownRes): void {
    const s = this.stats;
    s.downstream_rq_total.inc();
    (req.httpVersion === '2.0' ? s.downstream_rq_http2_total : s.downstream_rq_http1_total).inc();
    s.downstream_rq_active.inc();
    const snapshot = this.ctx.snapshot();
    const head = readHead(req);
    const ex: Exchange = { start: Date.now(), head, req, res, flags: '', status: 0, bytesIn: 0, bytesOut: 0, cluster: undefined, host: undefined, route: undefined, serviceTimeMs: undefined, logged: false, attempt: undefined, holds: undefined };
    // One listener for the end of the exchange: finished, or the client went away (then the try in
    // flight is cancelled). Errors of either side end in 'close' too, so they must not escape.
    res.once('close', () => this.#closed(ex));
    if (!(req instanceof H1Request)) {
      req.on('error', ignore);
      res.on('error', ignore);
    }
    const table = this.config.inlineRoutes ?? (this.config.rdsName === undefined ? undefined : snapshot.routes.get(this.config.rdsName));
    const vh = table === undefined ? undefined : selectVirtualHost(table, head.authority);
    const route = vh === undefined ? undefined : matchRoute(vh, head);
    if (!route) {
      s.no_route.inc();
      this.ctx.routerLog.debug(`no route match for URL '${head.path}' (:authority '${head.authority}')`);
      return sendLocalReply(ex, 'NR');
    }
    ex.route = route;
    if (route.action.kind === 'direct') {
      s.rq_direct_response.inc();
      ex.status = route.action.status;
      dropRequestBody(req);
      res.writeHead(route.action.status, { 'content-type': 'text/plain' });
      res.end(route.action.body);
      return;
    }
    const action = route.action;
    const clusterName = pickCluster(action, Math.random());
    const rlog = this.ctx.routerLog;
    if (rlog.enabled('debug')) {
      rlog.debug(`[S${++streamIds}] cluster '${clusterName}' match for URL '${head.path}'\n':authority', '${head.authority}'\n':path', '${head.query ? `${head.path}?${head.query}` : head.path}'\n':method', '${head.method}'`);
    }
    const cluster = this.ctx.clusters.get(clusterName);
    if (!cluster) {
      s.no_cluster.inc();
      return sendLocalReply(ex, 'NC');
    }
    ex.cluster = cluster;
    cluster.stats.upstream_rq_total.inc();
    if (cluster.admit() === 'overflow') return sendLocalReply(ex, 'UO');
    cluster.requestStarted();
    ex.holds = cluster;
    void this.#forward(ex, cluster, action, route).catch((err: unknown) => {
      this.ctx.routerLog.error(`request failed unexpectedly: ${(err as Error).message}`);
      sendLocalReply(ex, 'UR');
    });
  }

  /** The response is done or the client is gone: count and log it, free its slot, stop its try. */
  #closed(ex: Exchange): void {
    this.#finish(ex);
    const cluster = ex.holds;
    if (cluster !== undefined) {
      ex.holds = undefined;
      cluster.requestFinished();
    }
    ex.attempt?.cancel();
  }

  async #forward(ex: Exchange, cluster: Cluster, action: RouteAction, route: Route): Promise<void> {
    const { head, req, res } = ex;
    const retry = action.retry;
    const pending = this.#requestBody(ex, retry !== undefined);
    const body = pending instanceof Promise ? await pending : pending;
    if (res.destroyed || res.writableEnded) return;
    const path = rewritePath(action, route, head.path);
    const upReq: UpstreamRequest = {
      method: head.method,
      path: head.query ? `${path}?${head.query}` : path,
      authority: action.hostRewrite ?? head.authority,
      headers: upstreamHeaders(req.headers as http.IncomingHttpHeaders, head.scheme, req.headers.connection as string | undefined),
      body,
      perTryTimeoutMs: retry?.perTryTimeoutMs,
    };
    const countBytesIn = (n: number) => (ex.bytesIn += n);
    const replayable = body === undefined || Buffer.isBuffer(body);
    const tried = new Set<Host>();
    let staleResent = false;
    let timedOut = false;
    const globalTimer = action.timeoutMs > 0 ? setTimeout(() => ((timedOut = true), ex.attempt?.cancel()), action.timeoutMs) : undefined;
    try {
      for (let n = 0; ; n++) {
        const host = cluster.config.type === 'ORIGINAL_DST' ? originalDst(cluster, head.authority) : cluster.lb.pick(cluster.hosts, tried);
        if (!host) {
          cluster.stats.upstream_cx_none_healthy.inc();
          return sendLocalReply(ex, 'UH');
        }
        tried.add(host);
        ex.host = host;
        host.rqActive++;
        host.rqTotal++;
        const attemptStart = Date.now();
        const attempt = (ex.attempt = startAttempt(cluster, host, upReq, countBytesIn));
        const result = await attempt.result;
        ex.attempt = undefined;
        const headAt = Date.now();
        host.rqActive--;
        if (result.kind === 'response') cluster.histograms.upstream_rq_time.record(headAt - attemptStart);
        if (res.destroyed) {
          if (result.kind === 'response') discardBody(result);
          return;
        }
        if (timedOut) {
          if (result.kind === 'response') discardBody(result);
          cluster.stats.upstream_rq_timeout.inc();
          host.rqTimeout++;
          return sendLocalReply(ex, 'UT');
        }
        if (result.kind === 'failure' && result.staleConnection && replayable && !staleResent) {
          // The upstream closed an idle pooled connection as we reused it: resend once, as clients do.
          staleResent = true;
          tried.delete(host);
          n--;
          continue;
        }
        const outcome = toOutcome(result);
        this.ctx.outlier.record(cluster, host, outcome.kind === 'response' ? classifyStatus(outcome.status) : 'gateway');
        if (outcome.kind === 'per-try-timeout') {
          cluster.stats.upstream_rq_per_try_timeout.inc();
          host.rqTimeout++;
        }
        if (outcome.kind === 'reset') cluster.stats.upstream_rq_rx_reset.inc();
        const canRetry = retry !== undefined && replayable && isRetriable(retry, outcome);
        if (canRetry && n < retry.numRetries && cluster.admitRetry()) {
          if (result.kind === 'response') {
            cluster.countStatus(result.status);
            this.ctx.stats.counter(`cluster.${cluster.name}.retry.upstream_rq_${result.status}`).inc();
            drainBody(result);
          }
          cluster.stats.upstream_rq_retry.inc();
          cluster.activeRetries++;
          await delay(backoffMs(retry, n, Math.random()));
          cluster.activeRetries--;
          continue;
        }
        if (canRetry) {
          cluster.stats.upstream_rq_retry_limit_exceeded.inc();
          if (n > 0) addFlag(ex, 'URX');
        }
        if (result.kind === 'failure') {
          host.rqError++;
          return sendLocalReply(ex, result.outcome === 'per-try-timeout' ? 'UT' : result.outcome === 'connect-failure' ? 'UF' : 'UR');
        }
        if (n > 0) cluster.stats.upstream_rq_retry_success.inc();
        ex.serviceTimeMs = headAt - attemptStart;
        return sendUpstreamResponse(ex, cluster, host, result, action, this.ctx);
      }
    } finally {
      if (globalTimer) clearTimeout(globalTimer);
    }
  }

  /**
   * The body to send upstream: none, a buffer (whole already, or a small one read to its end when a
   * retry policy may replay it; then the answer is a promise), or the stream itself (never replayed).
   */
  #requestBody(ex: Exchange, mayRetry: boolean): Buffer | Readable | undefined | Promise<Buffer> {
    const { req } = ex;
    if (req instanceof H1Request && req.body === undefined) {
      // No body, or one the raw HTTP/1.1 connection received whole with its head: a replayable buffer.
      ex.bytesIn = req.wholeBody?.length ?? 0;
      return req.wholeBody;
    }
    const h2stream = (req as http2.Http2ServerRequest).stream as http2.ServerHttp2Stream | undefined;
    const noBody = h2stream !== undefined ? h2stream.endAfterHeaders : req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined;
    const stream = bodyStream(req)!;
    if (noBody || req.headers['content-length'] === '0') {
      stream.resume();
      return undefined;
    }
    const length = Number(req.headers['content-length'] ?? NaN);
    if (!mayRetry || !(length <= RETRY_BUFFER_LIMIT)) return stream;
    return readAll(stream).then((buf) => {
      ex.bytesIn = buf.length;
      return buf;
    });
  }

  #finish(ex: Exchange): void {
    if (ex.logged) return;
    ex.logged = true;
    const s = this.stats;
    s.downstream_rq_active.dec();
    s.downstream_rq_time.record(Date.now() - ex.start);
    if (!ex.res.writableFinished) {
      s.downstream_rq_rx_reset.inc();
      if (ex.status === 0) addFlag(ex, 'DC');
    }
    if (ex.status !== 0) countDownstreamStatus(s, ex.status);
    if (this.#loggers.length === 0) return;
    const entry = accessLogEntry(ex);
    for (const l of this.#loggers) l.log(entry);
  }
}

function toOutcome(r: AttemptResult): AttemptOutcome {
  if (r.kind === 'failure') return { kind: r.outcome };
  const g = r.headers['grpc-status'];
  return { kind: 'response', status: r.status, grpcStatus: typeof g === 'string' ? g : undefined };
}

function originalDst(cluster: Cluster, authority: string): Host | undefined {
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(authority);
  if (!m) return undefined;
  return cluster.originalDestination(m[1]!, Number(m[2] ?? 80));
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

function delay(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, ms));
}
