/**
 * The HTTP/1.1 keep-alive connections to one upstream host: at most `maxConnections` of them (the
 * circuit breaker), requests beyond that wait first in, first out; idle connections are reused most
 * recently used first. Counts Envoy's connection stats (`upstream_cx_total`, `upstream_cx_active`,
 * `upstream_cx_destroy`, `upstream_cx_connect_fail`, `upstream_cx_connect_timeout`, the host's
 * counters) and the `upstream_cx_connect_ms` / `upstream_cx_length_ms` histograms.
 */
import type { Cluster } from './cluster.js';
import { H1ClientConnection, type ConnectionOwner, type OutgoingRequest, type ResponseSink } from './h1-client-connection.js';
import type { Host } from './host.js';

/** A request handed to the pool: waiting for a connection, or in flight on one. */
export interface PooledRequest {
  /** Drops the request: out of the queue, or with the connection carrying it (never reused). */
  cancel(): void;
}

class Waiter implements PooledRequest {
  connection: H1ClientConnection | undefined;
  constructor(readonly req: OutgoingRequest, readonly sink: ResponseSink, private readonly pool: HostPool) {}

  cancel(): void {
    if (this.connection !== undefined) this.connection.cancel(this.sink);
    else this.pool.dequeue(this);
  }
}

export class HostPool implements ConnectionOwner {
  readonly #all = new Set<H1ClientConnection>();
  /** Idle connections; the most recently used last. */
  readonly #idle: H1ClientConnection[] = [];
  readonly #queue: Waiter[] = [];
  #connecting = 0;
  #closing = false;
  #destroyed = false;

  constructor(private readonly cluster: Cluster, private readonly host: Host, private readonly connectTimeoutMs: number, private readonly maxConnections: number) {}

  /** True once closed and every connection is gone. */
  get finished(): boolean {
    return this.#closing && this.#all.size === 0;
  }

  request(req: OutgoingRequest, sink: ResponseSink): PooledRequest {
    const waiter = new Waiter(req, sink, this);
    if (this.#destroyed) {
      sink.onError('reset', 'the connection pool was destroyed', false);
      return waiter;
    }
    // Idle connections exist only while nobody waits (a connection that frees up serves the queue first).
    const idle = this.#idle.pop();
    if (idle !== undefined) this.#assign(waiter, idle);
    else {
      this.#queue.push(waiter);
      this.#pump();
    }
    return waiter;
  }

  dequeue(waiter: Waiter): void {
    const i = this.#queue.indexOf(waiter);
    if (i >= 0) this.#queue.splice(i, 1);
  }

  connected(connection: H1ClientConnection): void {
    this.#connecting--;
    const stats = this.cluster.stats;
    stats.upstream_cx_total.inc();
    stats.upstream_cx_http1_total.inc();
    stats.upstream_cx_active.inc();
    this.host.cxTotal++;
    this.host.cxActive++;
    this.cluster.histograms.upstream_cx_connect_ms.record(connection.connectedAt - connection.startedAt);
    this.idle(connection);
  }

  idle(connection: H1ClientConnection): void {
    const waiter = this.#queue.shift();
    if (waiter !== undefined) this.#assign(waiter, connection);
    else if (this.#closing) connection.destroy();
    else this.#idle.push(connection);
  }

  closed(connection: H1ClientConnection, connectFailure: 'timeout' | 'error' | undefined): void {
    this.#all.delete(connection);
    const i = this.#idle.lastIndexOf(connection);
    if (i >= 0) this.#idle.splice(i, 1);
    const stats = this.cluster.stats;
    if (connection.connectedAt === 0) {
      this.#connecting--;
      stats.upstream_cx_connect_fail.inc();
      if (connectFailure === 'timeout') stats.upstream_cx_connect_timeout.inc();
      this.host.cxConnectFail++;
      // The request that asked for this connection fails; any others get a connection of their own.
      this.#queue.shift()?.sink.onError('connect-failure', connectFailure === 'timeout' ? 'upstream connect timeout' : 'upstream connect error', false);
    } else {
      this.cluster.histograms.upstream_cx_length_ms.record(Date.now() - connection.connectedAt);
      stats.upstream_cx_active.dec();
      stats.upstream_cx_destroy.inc();
      this.host.cxActive--;
    }
    if (!this.#destroyed) this.#pump();
  }

  /** Graceful: idle connections close now, queued and in-flight requests finish, then the rest close. */
  close(): void {
    this.#closing = true;
    for (const c of this.#idle.splice(0)) c.destroy();
  }

  /** Immediate: every connection is destroyed and every queued request fails. */
  destroy(): void {
    this.#closing = true;
    this.#destroyed = true;
    for (const w of this.#queue.splice(0)) w.sink.onError('reset', 'the connection pool was destroyed', false);
    for (const c of [...this.#all]) c.destroy();
  }

  #assign(waiter: Waiter, connection: H1ClientConnection): void {
    waiter.connection = connection;
    connection.send(waiter.req, waiter.sink);
  }

  /** Opens connections for waiting requests, up to the limit. */
  #pump(): void {
    const limit = Math.max(1, this.maxConnections);
    while (this.#queue.length > this.#connecting && this.#all.size < limit) {
      const connection = new H1ClientConnection(this.host.address, this.host.port, this.connectTimeoutMs, this);
      this.#all.add(connection);
      this.#connecting++;
    }
  }
}
