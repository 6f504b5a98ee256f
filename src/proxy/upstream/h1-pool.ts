/**
 * A cluster's HTTP/1.1 keep-alive connections: one HostPool per host (h1-host-pool.ts), on the
 * hand-written client connection (h1-client-connection.ts). A host's pool is replaced (the old one
 * drains) when the cluster's connect timeout or connection limit changes, and closed when EDS removes
 * the host.
 */
import type { Cluster } from './cluster.js';
import type { OutgoingRequest, ResponseSink } from './h1-client-connection.js';
import { HostPool, type PooledRequest } from './h1-host-pool.js';
import type { Host } from './host.js';

export { H1_KEEP_ALIVE_MS, H1_MAX_RESPONSE_HEADER_BYTES } from './h1-client-connection.js';

interface Entry {
  readonly pool: HostPool;
  readonly settings: string;
}

export class H1Pool {
  readonly #pools = new Map<string, Entry>();
  /** Pools replaced or removed that still finish their requests (destroyed with the rest). */
  readonly #draining = new Set<HostPool>();
  constructor(private readonly cluster: Cluster) {}

  /** Sends one request to `host` over a pooled connection; `sink` hears the response. */
  request(host: Host, req: OutgoingRequest, sink: ResponseSink): PooledRequest {
    return this.#pool(host).request(req, sink);
  }

  #pool(host: Host): HostPool {
    const cfg = this.cluster.config;
    const settings = `${cfg.connectTimeoutMs}/${cfg.circuitBreakers.maxConnections}`;
    const existing = this.#pools.get(host.key);
    if (existing !== undefined && existing.settings === settings) return existing.pool;
    if (existing !== undefined) this.#drain(existing.pool);
    const pool = new HostPool(this.cluster, host, cfg.connectTimeoutMs, cfg.circuitBreakers.maxConnections);
    this.#pools.set(host.key, { pool, settings });
    return pool;
  }

  #drain(pool: HostPool): void {
    pool.close();
    for (const p of this.#draining) if (p.finished) this.#draining.delete(p);
    if (!pool.finished) this.#draining.add(pool);
  }

  /** Drains and forgets the pools of hosts not in `keys` (hosts EDS removed); in-flight requests finish. */
  retain(keys: ReadonlySet<string>): void {
    for (const [key, { pool }] of this.#pools) {
      if (keys.has(key)) continue;
      this.#drain(pool);
      this.#pools.delete(key);
    }
  }

  /** Graceful: idle connections close, in-flight and queued requests finish, then their connections close. */
  close(): void {
    for (const { pool } of this.#pools.values()) this.#drain(pool);
    this.#pools.clear();
  }

  /** Immediate: every connection and queued request is dropped. */
  destroy(): void {
    for (const { pool } of this.#pools.values()) pool.destroy();
    for (const pool of this.#draining) pool.destroy();
    this.#pools.clear();
    this.#draining.clear();
  }
}
