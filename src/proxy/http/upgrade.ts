/**
 * HTTP/1.1 Upgrade (WebSocket and others): route like any request, then open a raw connection to the
 * chosen host, replay the request head and pipe bytes both ways; the upstream's 101 goes back as is.
 */
import type http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { HttpConnectionManagerConfig } from '../config/model.js';
import { matchRoute, pickCluster, rewritePath, selectVirtualHost } from '../router/match.js';
import type { HcmStats } from './hcm-stats.js';
import type { ProxyContext } from './proxy-context.js';
import { readHead } from './request-head.js';
import { localReplyFor, RESPONSE_FLAGS_HEADER, type ResponseFlag } from './response-flags.js';

function reject(socket: Duplex, flag: ResponseFlag): void {
  const r = localReplyFor(flag);
  socket.end(`HTTP/1.1 ${r.status} ${r.status === 404 ? 'Not Found' : 'Service Unavailable'}\r\ncontent-length: ${Buffer.byteLength(r.body)}\r\n${RESPONSE_FLAGS_HEADER}: ${flag}\r\nconnection: close\r\n\r\n${r.body}`);
}

export function proxyUpgrade(req: http.IncomingMessage, socket: Duplex, headBytes: Buffer, hcm: HttpConnectionManagerConfig, stats: HcmStats, ctx: ProxyContext): void {
  stats.downstream_rq_total.inc();
  stats.downstream_cx_upgrades_total.inc();
  const head = readHead(req);
  const snapshot = ctx.snapshot();
  const table = hcm.inlineRoutes ?? (hcm.rdsName === undefined ? undefined : snapshot.routes.get(hcm.rdsName));
  const vh = table && selectVirtualHost(table, head.authority);
  const route = vh && matchRoute(vh, head);
  if (!route || route.action.kind !== 'forward') return reject(socket, 'NR');
  const action = route.action;
  const clusterName = pickCluster(action, Math.random());
  ctx.routerLog.debug(`cluster '${clusterName}' match for URL '${head.path}' (upgrade: ${String(req.headers.upgrade)})`);
  const cluster = ctx.clusters.get(clusterName);
  if (!cluster) return reject(socket, 'NC');
  const host = cluster.lb.pick(cluster.hosts, undefined);
  if (!host) return reject(socket, 'UH');
  const up = net.connect({ host: host.address, port: host.port });
  const path = rewritePath(action, route, head.path);
  let headText = `${head.method} ${head.query ? `${path}?${head.query}` : path} HTTP/1.1\r\n`;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    headText += name.toLowerCase() === 'host' ? `Host: ${action.hostRewrite ?? head.authority}\r\n` : `${name}: ${req.rawHeaders[i + 1]!}\r\n`;
  }
  stats.downstream_cx_upgrades_active.inc();
  up.once('connect', () => {
    up.write(headText + '\r\n');
    if (headBytes.length > 0) up.write(headBytes);
    socket.pipe(up);
    up.pipe(socket);
  });
  up.on('error', () => (up.readyState === 'opening' || up.bytesRead === 0 ? reject(socket, 'UF') : socket.destroy()));
  socket.on('error', () => up.destroy());
  up.once('close', () => socket.destroy());
  socket.once('close', () => {
    stats.downstream_cx_upgrades_active.dec();
    up.destroy();
  });
}
