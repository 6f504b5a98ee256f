/**
 * The rows that need no Meshwork: the upstream directly, HAProxy and nginx as one-hop reverse proxies,
 * and a bare Node.js TCP relay (the floor for any Node.js proxy).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tool } from './installer.js';
import { PinnedProcess } from './launcher.js';
import { haproxyConfig, proxyNginxConfig, type Listen } from './peer-configs.js';
import { freePort } from './ports.js';
import { launchLine, nodeFlags, type BenchRow, type RowContext, type RowStart } from './rows.js';

export const directRow: BenchRow = {
  name: 'direct',
  hops: 0,
  description: 'load generator → upstream (no proxy)',
  async start(ctx: RowContext): Promise<RowStart> {
    return { kind: 'ready', target: { baseUrl: `http://${ctx.upstream.host}:${ctx.upstream.port}`, proxies: [], close: async () => {} } };
  },
};

/** Starts one pinned proxy process listening on `listen` and wraps it as the row's target. */
export async function startProxyTarget(p: PinnedProcess, listen: Listen): Promise<RowStart> {
  try {
    await p.start();
  } catch (err) {
    p.destroy();
    throw err;
  }
  return { kind: 'ready', target: { baseUrl: `http://${listen.host}:${listen.port}`, proxies: [p], close: () => p.close() } };
}

/** A peer proxy: a tool, its generated config file, and the arguments that start it in the foreground. */
interface PeerSpec {
  readonly tool: Tool;
  readonly config: (dir: string, listen: Listen, upstream: Listen) => string;
  readonly args: (configFile: string, dir: string) => string[];
}

function peerRow(name: string, description: string, spec: PeerSpec): BenchRow {
  return {
    name,
    hops: 1,
    description,
    async start(ctx: RowContext): Promise<RowStart> {
      const command = ctx.tools[spec.tool];
      if (command === undefined) return { kind: 'unavailable', reason: `${spec.tool} is not installed` };
      const listen = { host: '127.0.0.1', port: await freePort() };
      const dir = join(ctx.dir, name);
      mkdirSync(dir, { recursive: true });
      const cfg = join(dir, `${spec.tool}.conf`);
      writeFileSync(cfg, spec.config(dir, listen, ctx.upstream));
      return startProxyTarget(new PinnedProcess({ name, command, args: spec.args(cfg, dir), cpu: ctx.proxyCpu, ready: listen }), listen);
    },
  };
}

export const haproxyRow = peerRow('haproxy', 'HAProxy 2.6, nbthread 1, http-reuse always (upstream keep-alive)', {
  tool: 'haproxy',
  config: (_dir, listen, upstream) => haproxyConfig(listen, upstream),
  args: (cfg) => ['-f', cfg, '-db'],
});

export const nginxRow = peerRow('nginx', 'nginx 1.22, worker_processes 1, upstream keepalive 64', {
  tool: 'nginx',
  config: proxyNginxConfig,
  args: (cfg, dir) => ['-c', cfg, '-p', dir],
});

/** The relay script next to the benchmark (dist/bench/node-relay.js). */
const NODE_RELAY = fileURLToPath(new URL('../node-relay.js', import.meta.url));

export const nodeRelayRow: BenchRow = {
  name: 'node-relay',
  hops: 1,
  description: 'a bare Node.js TCP relay: sockets piped both ways, one upstream connection per client, no HTTP',
  async start(ctx: RowContext): Promise<RowStart> {
    const listen = { host: '127.0.0.1', port: await freePort() };
    const line = launchLine(ctx, process.execPath, [...nodeFlags(ctx), NODE_RELAY, listen.host, String(listen.port), ctx.upstream.host, String(ctx.upstream.port)]);
    const readyTimeoutMs = ctx.launch?.startTimeoutMs;
    return startProxyTarget(new PinnedProcess({ name: 'node-relay', ...line, cpu: ctx.proxyCpu, ready: listen, ...(readyTimeoutMs === undefined ? {} : { readyTimeoutMs }) }), listen);
  },
};
