/** The TCP proxy network filter: one upstream connection per downstream connection, bytes piped both ways. */
import net from 'node:net';
import type { TcpProxyConfig } from '../config/model.js';
import type { ProxyContext } from '../http/proxy-context.js';
import { createAccessLogger, type AccessLogger } from '../http/access-log.js';
import { pickCluster } from '../router/match.js';
import type { Destination } from './original-dst.js';

const loggers = new WeakMap<TcpProxyConfig, AccessLogger[]>();

/** Writes the connection to the TCP proxy's access logs when it closes (no HTTP fields: they print `-`). */
function logOnClose(socket: net.Socket, config: TcpProxyConfig, info: { flags: string; host: string | undefined; cluster: string | undefined }): void {
  let ls = loggers.get(config);
  if (!ls) loggers.set(config, (ls = config.accessLogs.map(createAccessLogger)));
  if (ls.length === 0) return;
  const startMs = Date.now();
  const list = ls;
  socket.once('close', () => {
    const entry = {
      startMs, method: '', path: '', originalPath: undefined, protocol: '', status: 0, flags: info.flags,
      bytesReceived: socket.bytesRead, bytesSent: socket.bytesWritten, durationMs: Date.now() - startMs, upstreamServiceTimeMs: undefined,
      upstreamHost: info.host, upstreamCluster: info.cluster, routeName: undefined, downstreamRemote: socket.remoteAddress,
      downstreamLocal: socket.localAddress, reqHeader: () => undefined, respHeader: () => undefined,
    };
    for (const l of list) l.log(entry);
  });
}

/** `destination`: the connection's original destination (original_dst), for ORIGINAL_DST clusters. */
export function proxyTcp(socket: net.Socket, config: TcpProxyConfig, ctx: ProxyContext, destination?: Destination): void {
  const prefix = `tcp.${config.statPrefix}`;
  ctx.stats.counter(`${prefix}.downstream_cx_total`).inc();
  const cluster = ctx.clusters.get(pickCluster(config, Math.random()));
  const host =
    cluster?.config.type === 'ORIGINAL_DST'
      ? destination && cluster.originalDestination(destination.address, destination.port)
      : cluster?.lb.pick(cluster.hosts, undefined);
  const info = { flags: '', host: host?.key, cluster: cluster?.name };
  logOnClose(socket, config, info);
  if (!cluster || !host) {
    info.flags = 'UH';
    ctx.stats.counter(`${prefix}.downstream_cx_no_route`).inc();
    if (cluster) cluster.stats.upstream_cx_none_healthy.inc();
    socket.destroy();
    return;
  }
  const up = net.connect({ host: host.address, port: host.port });
  cluster.stats.upstream_cx_total.inc();
  cluster.stats.upstream_cx_active.inc();
  host.cxActive++;
  const timer = setTimeout(() => up.destroy(new Error('connect timeout')), cluster.config.connectTimeoutMs);
  up.once('connect', () => clearTimeout(timer));
  up.setNoDelay(true);
  socket.setNoDelay(true);
  up.on('error', (err) => {
    if (up.connecting || up.bytesWritten === 0) {
      cluster.stats.upstream_cx_connect_fail.inc();
      info.flags = 'UF';
    }
    ctx.connLog.debug(`tcp proxy to ${host.key} failed: ${err.message}`);
    socket.destroy();
  });
  socket.on('error', () => up.destroy());
  up.once('close', () => {
    clearTimeout(timer);
    cluster.stats.upstream_cx_active.dec();
    host.cxActive--;
    socket.destroy();
  });
  socket.once('close', () => up.destroy());
  if (config.idleTimeoutMs > 0) {
    socket.setTimeout(config.idleTimeoutMs, () => socket.destroy());
  }
  socket.pipe(up);
  up.pipe(socket);
}
