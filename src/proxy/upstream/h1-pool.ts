/**
 * HTTP/1.1 keep-alive connections to a cluster's hosts: one undici `Pool` per host, at most
 * `max_connections` connections each (further requests wait in the pool's queue), idle connections
 * reused most recently used first. Connection stats (`upstream_cx_total`, `upstream_cx_active`,
 * `upstream_cx_destroy`, `upstream_cx_connect_fail`, ...) are counted from the pool's events.
 * A pool is replaced (the old one drains) when the cluster's connect timeout or connection limit changes.
 */
import { buildConnector, Pool, type Dispatcher } from 'undici';
import type { Cluster } from './cluster.js';
import type { Host } from './host.js';

/** Idle keep-alive connections are closed after this long (or sooner when the upstream says so). */
export const H1_KEEP_ALIVE_MS = 30_000;
/** The largest response head accepted from an upstream (Envoy's default max_response_headers_kb is 60). */
export const H1_MAX_RESPONSE_HEADER_BYTES = 60 * 1024;

interface Entry {
  readonly pool: Pool;
  readonly settings: string;
}

export class H1Pool {
  readonly #pools = new Map<string, Entry>();
  /** Per host: connections opened whose first request has not been written yet. */
  readonly #fresh = new Map<string, number>();
  constructor(private readonly cluster: Cluster) {}

  /** Sends one request to `host` through its pool; `handler` sees it as undici's dispatch contract says. */
  dispatch(host: Host, options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandlers): void {
    this.#pool(host).dispatch(options, handler);
  }

  /**
   * Called as a request is written: false for the first request on a new connection, true when the
   * connection served an earlier one (an idle keep-alive connection the upstream may have just closed).
   * A pool writes a new connection's first request right after its 'connect' event, so the count holds.
   */
  reusedConnection(host: Host): boolean {
    const fresh = this.#fresh.get(host.key) ?? 0;
    if (fresh === 0) return true;
    this.#fresh.set(host.key, fresh - 1);
    return false;
  }

  #pool(host: Host): Pool {
    const cfg = this.cluster.config;
    const settings = `${cfg.connectTimeoutMs}/${cfg.circuitBreakers.maxConnections}`;
    const existing = this.#pools.get(host.key);
    if (existing && existing.settings === settings) return existing.pool;
    if (existing) void existing.pool.close().catch(() => undefined);
    const pool = this.#open(host);
    this.#pools.set(host.key, { pool, settings });
    return pool;
  }

  #open(host: Host): Pool {
    const cfg = this.cluster.config;
    const stats = this.cluster.stats;
    const times = this.cluster.histograms;
    /** When each live connection (an undici Client, one socket at a time) connected. */
    const connectedAt = new WeakMap<object, number>();
    const connector = buildConnector({ timeout: cfg.connectTimeoutMs });
    const origin = `http://${host.address.includes(':') ? `[${host.address}]` : host.address}:${host.port}`;
    const pool = new Pool(origin, {
      connections: Math.max(1, cfg.circuitBreakers.maxConnections),
      pipelining: 1,
      // Envoy's upstream_cx_connect_ms: the time from starting a connection to its being established.
      connect: (opts, done) => {
        const started = Date.now();
        connector(opts, (...args) => {
          if (args[0] === null) times.upstream_cx_connect_ms.record(Date.now() - started);
          done(...args);
        });
      },
      // Per-try, route and idle timeouts are the connection manager's; the pool adds none of its own.
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: H1_KEEP_ALIVE_MS,
      keepAliveMaxTimeout: H1_KEEP_ALIVE_MS,
      maxHeaderSize: H1_MAX_RESPONSE_HEADER_BYTES,
    });
    pool.on('connect', (_origin, targets) => {
      connectedAt.set(targets[targets.length - 1]!, Date.now());
      stats.upstream_cx_total.inc();
      stats.upstream_cx_http1_total.inc();
      stats.upstream_cx_active.inc();
      host.cxTotal++;
      host.cxActive++;
      this.#fresh.set(host.key, (this.#fresh.get(host.key) ?? 0) + 1);
    });
    pool.on('disconnect', (_origin, targets) => {
      const client = targets[targets.length - 1]!;
      const at = connectedAt.get(client);
      if (at !== undefined) times.upstream_cx_length_ms.record(Date.now() - at);
      connectedAt.delete(client);
      stats.upstream_cx_active.dec();
      stats.upstream_cx_destroy.inc();
      host.cxActive--;
    });
    pool.on('connectionError', (_origin, _targets, err) => {
      stats.upstream_cx_connect_fail.inc();
      if (err.code === 'UND_ERR_CONNECT_TIMEOUT') stats.upstream_cx_connect_timeout.inc();
      host.cxConnectFail++;
    });
    return pool;
  }

  /** Drains and forgets the pools of hosts not in `keys` (hosts EDS removed); in-flight requests finish. */
  retain(keys: ReadonlySet<string>): void {
    for (const [key, { pool }] of this.#pools) {
      if (keys.has(key)) continue;
      void pool.close().catch(() => undefined);
      this.#pools.delete(key);
      this.#fresh.delete(key);
    }
  }

  /** Graceful: in-flight requests finish, then the connections close. */
  close(): void {
    for (const { pool } of this.#pools.values()) void pool.close().catch(() => undefined);
    this.#pools.clear();
  }

  /** Immediate: every connection and queued request is dropped. */
  destroy(): void {
    for (const { pool } of this.#pools.values()) void pool.destroy().catch(() => undefined);
    this.#pools.clear();
  }
}
