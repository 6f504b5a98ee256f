/**
 * Driving the proxy's upstream HTTP/1.1 client directly in tests: a real Cluster (with its stats
 * store) pointing at one host, tries started through startAttempt as the connection manager does, and
 * a response body read to its end.
 */
import type { Readable } from 'node:stream';
import type { ClusterConfig } from '../../src/proxy/config/model.js';
import type { AttemptResult, UpstreamRequest } from '../../src/proxy/http/attempt.js';
import { startAttempt, type Attempt } from '../../src/proxy/http/upstream-attempt.js';
import { StatsStore } from '../../src/proxy/stats/store.js';
import { Cluster } from '../../src/proxy/upstream/cluster.js';
import type { Host } from '../../src/proxy/upstream/host.js';

export interface TestCluster {
  readonly cluster: Cluster;
  readonly host: Host;
  readonly stats: StatsStore;
  /** A cluster stat's value (0 when never touched). */
  stat(name: string): number;
  /** Starts one try of `GET /` (or what `req` says); `bodyBytes` counts streamed body bytes. */
  attempt(req?: Partial<UpstreamRequest>, bodyBytes?: (n: number) => void): Attempt;
}

export function testCluster(port: number, opts: { maxConnections?: number; connectTimeoutMs?: number; address?: string } = {}): TestCluster {
  const config: ClusterConfig = {
    name: 'up',
    type: 'STATIC',
    lbPolicy: 'ROUND_ROBIN',
    connectTimeoutMs: opts.connectTimeoutMs ?? 1000,
    http2: false,
    circuitBreakers: { maxConnections: opts.maxConnections ?? 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3 },
    healthChecks: [],
    outlier: undefined,
    edsName: undefined,
    inlineEndpoints: [],
    idleTimeoutMs: 0,
    dnsRefreshMs: 5000,
    dnsFamily: 0,
  };
  const stats = new StatsStore();
  const cluster = new Cluster(config, stats);
  const address = opts.address ?? '127.0.0.1';
  cluster.update(config, [{ address, port, health: 'HEALTHY', weight: 1, locality: { region: '', zone: '', subZone: '' } }]);
  const host = cluster.hosts[0]!;
  return {
    cluster,
    host,
    stats,
    stat: (name) => stats.value(`cluster.up.${name}`) ?? 0,
    attempt: (req = {}, bodyBytes = () => undefined) =>
      startAttempt(cluster, host, { method: 'GET', path: '/', authority: 'up.local', headers: {}, body: undefined, perTryTimeoutMs: undefined, ...req }, bodyBytes),
  };
}

/** The response of a try that must have produced one. */
export function response(r: AttemptResult): Extract<AttemptResult, { kind: 'response' }> {
  if (r.kind !== 'response') throw new Error(`expected a response, got ${r.outcome}: ${r.message}`);
  return r;
}

/** The whole body of a response: as it came (a Buffer), or read to the end of its stream. */
export async function readAll(body: Buffer | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const c of body as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

/** Resolves once `condition` holds, checking on every macrotask; rejects after `ms`. */
export async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
