/** One multiplexed HTTP/2 (h2c) session per upstream host, reopened when it closes or goes away. */
import http2 from 'node:http2';
import type { Cluster } from './cluster.js';
import type { Host } from './host.js';

export class H2Pool {
  readonly #sessions = new Map<string, http2.ClientHttp2Session>();
  constructor(private readonly cluster: Cluster) {}

  session(host: Host): http2.ClientHttp2Session {
    const existing = this.#sessions.get(host.key);
    if (existing && !existing.closed && !existing.destroyed) return existing;
    const stats = this.cluster.stats;
    const times = this.cluster.histograms;
    const started = Date.now();
    let connectedAt = 0;
    const session = http2.connect(`http://${host.address.includes(':') ? `[${host.address}]` : host.address}:${host.port}`);
    stats.upstream_cx_total.inc();
    stats.upstream_cx_http2_total.inc();
    stats.upstream_cx_active.inc();
    host.cxTotal++;
    host.cxActive++;
    this.#sessions.set(host.key, session);
    const forget = () => {
      if (this.#sessions.get(host.key) === session) this.#sessions.delete(host.key);
    };
    session.once('connect', () => {
      connectedAt = Date.now();
      times.upstream_cx_connect_ms.record(connectedAt - started);
    });
    session.on('error', forget);
    session.on('goaway', forget);
    session.once('close', () => {
      forget();
      stats.upstream_cx_active.dec();
      stats.upstream_cx_destroy.inc();
      if (connectedAt > 0) times.upstream_cx_length_ms.record(Date.now() - connectedAt);
      host.cxActive--;
    });
    session.unref();
    return session;
  }

  destroy(): void {
    for (const s of this.#sessions.values()) s.destroy();
    this.#sessions.clear();
  }
}
