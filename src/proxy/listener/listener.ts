/**
 * One bound listener. It owns the socket, picks a filter chain per connection (by destination port,
 * else the first / default chain), and runs HTTP chains on the raw-socket HTTP/1.1 connection (with
 * node's HTTP server for Upgrade and CONNECT) or an h2c session (sniffed), TCP chains through the TCP
 * proxy. Bad requests get the right 4xx and a closed connection.
 */
import http, { STATUS_CODES } from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { FilterChain, ListenerConfig } from '../config/model.js';
import type { DownReq } from '../http/exchange.js';
import { H1Connection, type H1ConnectionHost } from '../http/h1-connection.js';
import { HttpConnectionManager } from '../http/http-connection-manager.js';
import { readHead } from '../http/request-head.js';
import type { ProxyContext } from '../http/proxy-context.js';
import { RESPONSE_FLAGS_HEADER } from '../http/response-flags.js';
import { proxyUpgrade } from '../http/upgrade.js';
import type { Histogram } from '../stats/histogram.js';
import type { Stat } from '../stats/store.js';
import { dispatchConnection } from './protocol-sniff.js';
import { proxyTcp } from './tcp-proxy.js';
import { originalDestination, type Destination } from './original-dst.js';

/** Envoy's default max_request_headers_kb is 60. */
export const MAX_HEADER_BYTES = 60 * 1024;
/** Used when the HCM sets no request_headers_timeout: a slow client gets 408 after this long. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

interface HttpChain {
  readonly chain: FilterChain;
  readonly hcm: HttpConnectionManager;
  /** Serves Upgrade and CONNECT requests, which the raw-socket HTTP/1.1 connection hands over. */
  readonly h1: http.Server;
  readonly fast: H1ConnectionHost;
  readonly h2: http2.Http2Server;
}

export class Listener {
  config: ListenerConfig;
  readonly server: net.Server;
  readonly connections = new Set<net.Socket>();
  readonly #chains = new Map<FilterChain, HttpChain>();
  readonly #sessions = new Set<http2.ServerHttp2Session>();
  readonly #h1Connections = new Set<H1Connection>();
  /** Sockets that delivered a complete request head (or turned out to be HTTP/2). */
  readonly #seen = new WeakSet<object>();
  /** The port each redirected connection was sent to (original_dst), when it is known. */
  readonly #destinationPort = new WeakMap<object, number>();
  readonly #cxTotal: Stat;
  readonly #cxActive: Stat;
  readonly #cxLength: Histogram;

  constructor(config: ListenerConfig, readonly bindAddress: string, private readonly ctx: ProxyContext) {
    this.config = config;
    const statAddr = `${config.address}_${config.port}`;
    this.#cxTotal = ctx.stats.counter(`listener.${statAddr}.downstream_cx_total`);
    this.#cxActive = ctx.stats.gauge(`listener.${statAddr}.downstream_cx_active`);
    this.#cxLength = ctx.stats.histogram(`listener.${statAddr}.downstream_cx_length_ms`);
    this.server = net.createServer({ noDelay: true }, (socket) => this.#onConnection(socket));
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.config.port, this.bindAddress, () => {
        this.server.off('error', reject);
        this.server.on('error', (err) => this.ctx.connLog.error(`listener ${this.config.name}: ${err.message}`));
        resolve();
      });
    });
  }

  /** Swaps in new config for the same address; new requests use it, in-flight ones finish on the old. */
  update(config: ListenerConfig): void {
    this.config = config;
    const keep = new Set([...config.chains, config.defaultChain]);
    for (const [chain, hc] of this.#chains) {
      if (keep.has(chain)) continue;
      this.#chains.delete(chain);
      hc.h1.closeIdleConnections();
    }
  }

  /**
   * Transparent egress (App Mesh's layout) has one HTTP chain per destination port. When the
   * connection's destination (original, or else local) port matches no chain, each request picks the
   * chain whose destination port is the port in its Host (80 by default).
   */
  #handlerFor(hc: HttpChain, req: DownReq): HttpConnectionManager {
    const c = this.config;
    const local = (req.socket && this.#destinationPort.get(req.socket)) ?? req.socket?.localPort;
    if (c.chains.length < 2 || c.chains.some((ch) => ch.destinationPort === local)) return hc.hcm;
    const authority = readHead(req).authority;
    const m = /:(\d+)$/.exec(authority);
    const port = m ? Number(m[1]) : 80;
    const chain = c.chains.find((ch) => ch.destinationPort === port && ch.action.kind === 'http');
    return chain ? this.#httpChain(chain).hcm : hc.hcm;
  }

  #chainFor(port: number | undefined): FilterChain | undefined {
    const c = this.config;
    return c.chains.find((ch) => ch.destinationPort === port) ?? c.chains.find((ch) => ch.destinationPort === undefined) ?? c.defaultChain ?? c.chains[0];
  }

  #onConnection(socket: net.Socket): void {
    const opened = Date.now();
    this.#cxTotal.inc();
    this.#cxActive.inc();
    this.connections.add(socket);
    socket.once('close', () => {
      this.#cxActive.dec();
      this.#cxLength.record(Date.now() - opened);
      this.connections.delete(socket);
    });
    socket.on('error', () => undefined);
    const destination: Destination | undefined = this.config.useOriginalDst ? originalDestination(socket) : undefined;
    if (destination) this.#destinationPort.set(socket, destination.port);
    const chain = this.#chainFor(destination?.port ?? socket.localPort);
    if (!chain) {
      this.ctx.stats.counter(`listener.${this.config.address}_${this.config.port}.no_filter_chain_match`).inc();
      socket.destroy();
      return;
    }
    if (chain.action.kind === 'tcp') return proxyTcp(socket, chain.action, this.ctx, destination);
    const hc = this.#httpChain(chain);
    hc.hcm.stats.downstream_cx_total.inc();
    hc.hcm.stats.downstream_cx_active.inc();
    socket.once('close', () => {
      hc.hcm.stats.downstream_cx_active.dec();
      hc.hcm.stats.downstream_cx_length_ms.record(Date.now() - opened);
    });
    if (this.ctx.draining()) {
      socket.destroy();
      return;
    }
    this.#armHeadersTimeout(socket, hc);
    dispatchConnection(socket, () => this.#serveHttp1(socket, hc), hc.h2, () => this.#seen.add(socket));
  }

  #serveHttp1(socket: net.Socket, hc: HttpChain): void {
    const conn = new H1Connection(socket, hc.fast);
    this.#h1Connections.add(conn);
    socket.once('close', () => this.#h1Connections.delete(conn));
  }

  /**
   * A client must send its first request head within the headers timeout (408 otherwise). Node's own
   * headersTimeout only runs for servers that listen themselves, so the listener keeps this timer.
   */
  #armHeadersTimeout(socket: net.Socket, hc: HttpChain): void {
    const ms = hc.chain.action.kind === 'http' ? hc.chain.action.requestHeadersTimeoutMs || DEFAULT_HEADERS_TIMEOUT_MS : DEFAULT_HEADERS_TIMEOUT_MS;
    const timer = setTimeout(() => {
      if (socket.destroyed || this.#seen.has(socket)) return;
      hc.hcm.stats.downstream_rq_timeout.inc();
      this.#reject(hc.hcm, 408, 'request header timeout', socket);
    }, ms);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  }

  #httpChain(chain: FilterChain): HttpChain {
    const existing = this.#chains.get(chain);
    if (existing) return existing;
    if (chain.action.kind !== 'http') throw new Error('not an HTTP chain');
    const hcm = new HttpConnectionManager(chain.action, this.ctx);
    const cfg = chain.action;
    const headersTimeout = cfg.requestHeadersTimeoutMs || DEFAULT_HEADERS_TIMEOUT_MS;
    const h1 = http.createServer({
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout,
      requestTimeout: cfg.requestTimeoutMs > 0 ? Math.max(cfg.requestTimeoutMs, headersTimeout) : 0,
      keepAliveTimeout: 60_000,
      connectionsCheckingInterval: Math.min(1000, headersTimeout),
      noDelay: true,
    });
    h1.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.#seen.add(req.socket);
      this.#handlerFor(hc, req).handle(req, res);
    });
    h1.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      this.#seen.add(socket);
      proxyUpgrade(req, socket, head, cfg, hcm.stats, this.ctx);
    });
    h1.on('clientError', (err: Error & { code?: string }, socket: net.Socket) => this.#clientError(hcm, err, socket));
    const h2 = http2.createServer({ maxHeaderListPairs: 256, settings: { maxHeaderListSize: MAX_HEADER_BYTES } });
    h2.on('request', (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => this.#handlerFor(hc, req).handle(req, res));
    h2.on('session', (session: http2.ServerHttp2Session) => {
      hcm.stats.downstream_cx_http2_total.inc();
      this.#sessions.add(session);
      session.once('close', () => this.#sessions.delete(session));
    });
    h2.on('sessionError', () => undefined);
    const fast: H1ConnectionHost = {
      maxHeaderBytes: MAX_HEADER_BYTES,
      onHead: (socket) => this.#seen.add(socket),
      onRequest: (req, res) => this.#handlerFor(hc, req).handle(req, res),
      onReject: (socket, status, reason) => this.#reject(hcm, status, reason, socket),
      onHandOff: (socket, rest) => {
        socket.pause();
        if (rest.length > 0) socket.unshift(rest);
        h1.emit('connection', socket);
        socket.resume();
      },
    };
    const hc: HttpChain = { chain, hcm, h1, h2, fast };
    this.#chains.set(chain, hc);
    return hc;
  }

  #clientError(hcm: HttpConnectionManager, err: Error & { code?: string }, socket: net.Socket): void {
    if (err.code === 'ECONNRESET') {
      hcm.stats.downstream_cx_protocol_error.inc();
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    this.#reject(hcm, status, `${err.code ?? ''} ${err.message}`, socket);
  }

  /** A request the proxy cannot take: the status and a `DPE` flag, then the connection closes. */
  #reject(hcm: HttpConnectionManager, status: number, reason: string, socket: net.Socket): void {
    hcm.stats.downstream_cx_protocol_error.inc();
    this.ctx.connLog.debug(`downstream protocol error: ${status} ${reason}`);
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    if (status === 431) hcm.stats.downstream_rq_too_large.inc();
    const body = STATUS_CODES[status] ?? '';
    socket.end(`HTTP/1.1 ${status} ${body}\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\n${RESPONSE_FLAGS_HEADER}: DPE\r\nconnection: close\r\n\r\n${body}`);
    socket.destroySoon?.();
  }

  /** Graceful: stop accepting, close idle keep-alive connections, ask h2 sessions to go away. */
  stopAccepting(): void {
    this.server.close();
    for (const hc of this.#chains.values()) hc.h1.closeIdleConnections();
    for (const c of this.#h1Connections) if (c.idle) c.socket.destroy();
    for (const s of this.#sessions) s.close();
  }

  destroy(): void {
    this.server.close();
    for (const s of this.connections) s.destroy();
    for (const hc of this.#chains.values()) {
      hc.h1.closeAllConnections();
    }
  }
}
