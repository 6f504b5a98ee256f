/** The TCP proxy network filter: one upstream connection per downstream connection, bytes piped both ways. */
import net from 'node:net';
import type { TcpProxyConfig } from '../config/model.js';
import type { ProxyContext } from '../http/proxy-context.js';

export function proxyTcp(socket: net.Socket, config: TcpProxyConfig, ctx: ProxyContext): void {
  const prefix = `tcp.${config.statPrefix}`;
  ctx.stats.counter(`${prefix}.downstream_cx_total`).inc();
  const cluster = ctx.clusters.get(config.cluster);
  const host = cluster?.lb.pick(cluster.hosts, undefined);
  if (!cluster || !host) {
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
    if (up.connecting || up.bytesWritten === 0) cluster.stats.upstream_cx_connect_fail.inc();
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
