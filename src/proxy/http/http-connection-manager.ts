/**
 * The HTTP connection manager and router of one filter chain: route the request (from the snapshot it
 * started with), pick a cluster and host, forward it with retries and timeouts, stream the response
 * back, then count it and write the access log. Replies the proxy makes itself carry Envoy's response
 * flag in `x-meshwork-response-flags`.
 */
import type http from 'node:http';
import type http2 from 'node:http2';
import type { HttpConnectionManagerConfig, Route, RouteAction } from '../config/model.js';
import { classifyStatus } from '../health/outlier.js';
import { matchRoute, pickCluster, rewritePath, selectVirtualHost } from '../router/match.js';
import type { Cluster } from '../upstream/cluster.js';
import type { Host } from '../upstream/host.js';
import { createAccessLogger, type AccessLogger } from './access-log.js';
import { countDownstreamStatus, createHcmStats, type HcmStats } from './hcm-stats.js';
import type { ProxyContext } from './proxy-context.js';
import { downstreamHeaders, readHead, upstreamHeaders, type DownstreamHead } from './request-head.js';
import { localReplyFor, RESPONSE_FLAGS_HEADER, type ResponseFlag } from './response-flags.js';
import { backoffMs, isRetriable, type AttemptOutcome } from './retry-policy.js';
import { startAttempt, type Attempt, type AttemptResult, type UpstreamRequest } from './upstream-attempt.js';

/** Bodies up to this size are buffered when a retry policy applies, so they can be replayed. */
export const RETRY_BUFFER_LIMIT = 64 * 1024;

type DownReq = http.IncomingMessage | http2.Http2ServerRequest;
type DownRes = http.ServerResponse | http2.Http2ServerResponse;

interface Exchange {
  readonly start: number;
  readonly head: DownstreamHead;
  readonly req: DownReq;
  readonly res: DownRes;
  flags: string;
  status: number;
  bytesIn: number;
  bytesOut: number;
  cluster: Cluster | undefined;
  host: Host | undefined;
  route: Route | undefined;
  serviceTimeMs: number | undefined;
  logged: boolean;
}

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
    const ex: Exchange = { start: Date.now(), head, req, res, flags: '', status: 0, bytesIn: 0, bytesOut: 0, cluster: undefined, host: undefined, route: undefined, serviceTimeMs: undefined, logged: false };
    res.once('close', () => this.#finish(ex));
    // Clients may reset at any time; the 'close' paths above handle it, so errors must not escape.
    req.on('error', ignore);
    res.on('error', ignore);
    const table = this.config.inlineRoutes ?? (this.config.rdsName === undefined ? undefined : snapshot.routes.get(this.config.rdsName));
    const vh = table === undefined ? undefined : selectVirtualHost(table, head.authority);
    const route = vh === undefined ? undefined : matchRoute(vh, head);
    if (!route) {
      s.no_route.inc();
      this.ctx.routerLog.debug(`no route match for URL '${head.path}' (:authority '${head.authority}')`);
      return this.#localReply(ex, 'NR');
    }
    ex.route = route;
    if (route.action.kind === 'direct') {
      s.rq_direct_response.inc();
      ex.status = route.action.status;
      req.resume();
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
      return this.#localReply(ex, 'NC');
    }
    ex.cluster = cluster;
    cluster.stats.upstream_rq_total.inc();
    if (cluster.admit() === 'overflow') return this.#localReply(ex, 'UO');
    cluster.requestStarted();
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        cluster.requestFinished();
      }
    };
    res.once('close', release);
    void this.#forward(ex, cluster, action, route).catch((err: unknown) => {
      this.ctx.routerLog.error(`request failed unexpectedly: ${(err as Error).message}`);
      this.#localReply(ex, 'UR');
    });
  }

  async #forward(ex: Exchange, cluster: Cluster, action: RouteAction, route: Route): Promise<void> {
    const { head, req, res } = ex;
    const retry = action.retry;
    const body = await this.#requestBody(ex, retry !== undefined);
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
    const replayable = body === undefined || Buffer.isBuffer(body);
    const tried = new Set<Host>();
    let current: Attempt | undefined;
    let timedOut = false;
    const globalTimer = action.timeoutMs > 0 ? setTimeout(() => ((timedOut = true), current?.cancel()), action.timeoutMs) : undefined;
    res.once('close', () => current?.cancel());
    try {
      for (let n = 0; ; n++) {
        const host = cluster.config.type === 'ORIGINAL_DST' ? originalDst(cluster, head.authority) : cluster.lb.pick(cluster.hosts, tried);
        if (!host) {
          cluster.stats.upstream_cx_none_healthy.inc();
          return this.#localReply(ex, 'UH');
        }
        tried.add(host);
        ex.host = host;
        host.rqActive++;
        host.rqTotal++;
        const attemptStart = Date.now();
        current = startAttempt(cluster, host, upReq);
        // Count streamed bytes only once the body is piped, so no chunk flows before the pipe exists.
        if (n === 0 && body !== undefined && !Buffer.isBuffer(body)) body.on('data', (c: Buffer) => (ex.bytesIn += c.length));
        const result = await current.result;
        host.rqActive--;
        if (res.destroyed) {
          if (result.kind === 'response') result.body.destroy();
          return;
        }
        if (timedOut) {
          if (result.kind === 'response') result.body.destroy();
          cluster.stats.upstream_rq_timeout.inc();
          host.rqTimeout++;
          return this.#localReply(ex, 'UT');
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
            result.body.on('error', ignore);
            result.body.resume();
          }
          cluster.stats.upstream_rq_retry.inc();
          cluster.activeRetries++;
          await delay(backoffMs(retry, n, Math.random()));
          cluster.activeRetries--;
          continue;
        }
        if (canRetry) {
          cluster.stats.upstream_rq_retry_limit_exceeded.inc();
          if (n > 0) ex.flags = 'URX';
        }
        if (result.kind === 'failure') {
          host.rqError++;
          return this.#localReply(ex, result.outcome === 'per-try-timeout' ? 'UT' : result.outcome === 'connect-failure' ? 'UF' : 'UR');
        }
        if (n > 0) cluster.stats.upstream_rq_retry_success.inc();
        ex.serviceTimeMs = Date.now() - attemptStart;
        return this.#sendResponse(ex, cluster, host, result, action);
      }
    } finally {
      if (globalTimer) clearTimeout(globalTimer);
    }
  }

  /** Buffers a small body when a retry policy may replay it; otherwise streams it (never replayed). */
  async #requestBody(ex: Exchange, mayRetry: boolean): Promise<Buffer | DownReq | undefined> {
    const { req } = ex;
    const h2stream = (req as http2.Http2ServerRequest).stream as http2.ServerHttp2Stream | undefined;
    const noBody = h2stream !== undefined ? h2stream.endAfterHeaders : req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined;
    if (noBody || req.headers['content-length'] === '0') {
      req.resume();
      return undefined;
    }
    const length = Number(req.headers['content-length'] ?? NaN);
    if (!mayRetry || !(length <= RETRY_BUFFER_LIMIT)) return req;
    const chunks: Buffer[] = [];
    for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
    const buf = Buffer.concat(chunks);
    ex.bytesIn = buf.length;
    return buf;
  }

  #sendResponse(ex: Exchange, cluster: Cluster, host: Host, r: Extract<AttemptResult, { kind: 'response' }>, action: RouteAction): void {
    const { res } = ex;
    cluster.countStatus(r.status);
    if (r.status < 500) host.rqSuccess++;
    else host.rqError++;
    ex.status = r.status;
    const headers = downstreamHeaders(r.headers);
    headers['x-envoy-upstream-service-time'] = String(ex.serviceTimeMs ?? 0);
    if (ex.flags) headers[RESPONSE_FLAGS_HEADER] = ex.flags;
    if (this.ctx.draining() && ex.req.httpVersion !== '2.0') headers['connection'] = 'close';
    if (r.headersOnly && ex.req.httpVersion === '2.0' && headers['grpc-status'] !== undefined) {
      // A gRPC trailers-only reply goes out as headers plus trailers, which every gRPC client reads.
      const trailers: Record<string, string> = {};
      for (const k of ['grpc-status', 'grpc-message', 'grpc-status-details-bin']) {
        if (headers[k] !== undefined) trailers[k] = String(headers[k]);
        delete headers[k];
      }
      (res as http2.Http2ServerResponse).addTrailers(trailers);
    }
    res.writeHead(r.status, headers);
    if (r.headersOnly) {
      r.body.resume();
      dropRequestBody(ex.req);
      res.end();
      return;
    }
    const body = r.body;
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
    body.on('error', (err: Error) => {
      if (idle) clearTimeout(idle);
      this.ctx.routerLog.debug(`upstream ${host.key} reset the response body: ${err.message}`);
      ex.flags = ex.flags ? `${ex.flags},UR` : 'UR';
      cluster.stats.upstream_rq_rx_reset.inc();
      res.destroy();
    });
    res.once('close', () => {
      if (!body.readableEnded) body.destroy();
    });
    body.pipe(res as NodeJS.WritableStream);
  }

  #localReply(ex: Exchange, flag: ResponseFlag): void {
    const { res } = ex;
    ex.flags = ex.flags && ex.flags !== flag ? `${ex.flags},${flag}` : flag;
    const reply = localReplyFor(flag);
    ex.status = reply.status;
    ex.req.resume();
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(reply.body), [RESPONSE_FLAGS_HEADER]: flag });
    ex.bytesOut = Buffer.byteLength(reply.body);
    res.end(reply.body);
  }

  #finish(ex: Exchange): void {
    if (ex.logged) return;
    ex.logged = true;
    const s = this.stats;
    s.downstream_rq_active.dec();
    if (!ex.res.writableFinished) {
      s.downstream_rq_rx_reset.inc();
      if (ex.status === 0) ex.flags = ex.flags ? `${ex.flags},DC` : 'DC';
    }
    if (ex.status !== 0) countDownstreamStatus(s, ex.status);
    if (this.#loggers.length === 0) return;
    const headers = ex.req.headers;
    const resHeaders = ex.res.headersSent ? (ex.res as http.ServerResponse).getHeaders() : {};
    const entry = {
      startMs: ex.start,
      method: ex.head.method,
      path: ex.head.query ? `${ex.head.path}?${ex.head.query}` : ex.head.path,
      originalPath: undefined,
      protocol: ex.head.protocol,
      status: ex.status,
      flags: ex.flags,
      bytesReceived: ex.bytesIn,
      bytesSent: ex.bytesOut,
      durationMs: Date.now() - ex.start,
      upstreamServiceTimeMs: ex.serviceTimeMs,
      upstreamHost: ex.host?.key,
      upstreamCluster: ex.cluster?.name,
      routeName: ex.route?.name,
      downstreamRemote: ex.req.socket?.remoteAddress,
      downstreamLocal: ex.req.socket?.localAddress,
      reqHeader: (n: string) => (n === ':authority' ? ex.head.authority : joined(headers[n])),
      respHeader: (n: string) => joined(resHeaders[n] as string | string[] | undefined),
    };
    for (const l of this.#loggers) l.log(entry);
  }
}

function ignore(): void {}

/** The response is complete: drop whatever request body the upstream did not read. */
function dropRequestBody(req: DownReq): void {
  if (req.readableEnded) return;
  req.unpipe();
  req.resume();
}

function joined(v: string | string[] | number | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v === undefined ? undefined : String(v);
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

function delay(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, ms));
}
