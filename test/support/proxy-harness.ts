/** Helpers for proxy tests: free ports, real upstream servers on loopback, an in-process proxy driven by FakeAdsServer, a plain HTTP client. */
import http from 'node:http';
import net from 'node:net';
import { LogRegistry, type LogLevel } from '../../src/core/log.js';
import { Proxy } from '../../src/proxy/proxy.js';
import { nodeMetadataToStruct } from '../../src/xds-api/node-identity.js';
import type { FakeAdsServer } from './fake-ads-server.js';

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

export interface Upstream {
  readonly server: http.Server;
  readonly port: number;
  hits: number;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that answers `<name> <method> <url>` unless given a handler. */
export async function startUpstream(name: string, handler?: http.RequestListener): Promise<Upstream> {
  const up: { hits: number } = { hits: 0 };
  const server = http.createServer((req, res) => {
    up.hits++;
    if (handler) return handler(req, res);
    req.resume();
    req.on('end', () => res.end(`${name} ${req.method} ${req.url}`));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return Object.assign(up, {
    server,
    port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}

export interface StartedProxy {
  readonly proxy: Proxy;
  readonly lines: string[];
  readonly adminUrl: string;
}

export async function startProxy(ads: FakeAdsServer, opts: { logLevel?: LogLevel; drainTimeoutMs?: number } = {}): Promise<StartedProxy> {
  const lines: string[] = [];
  const logs = new LogRegistry(opts.logLevel ?? 'warning', (l) => lines.push(l));
  const id = 'mesh/webapp/virtualNode/consumer_consumer';
  const proxy = new Proxy({
    node: { id, cluster: id, user_agent_name: 'meshwork', metadata: nodeMetadataToStruct({ interception: 'local', appPorts: new Map(), appHost: '127.0.0.1', address: '127.0.0.1' }) },
    xdsAddress: ads.address,
    address: '127.0.0.1',
    admin: { host: '127.0.0.1', port: 0 },
    logs,
    drainTimeoutMs: opts.drainTimeoutMs ?? 2000,
    xdsBackoff: { baseMs: 50, maxMs: 400 },
  });
  await proxy.start();
  await proxy.ready();
  return { proxy, lines, adminUrl: `http://${proxy.admin!.address}` };
}

export interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export function request(options: http.RequestOptions & { body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent: false, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export async function get(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<Reply> {
  const u = new URL(url);
  return request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers });
}

export async function post(url: string): Promise<Reply> {
  const u = new URL(url);
  return request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST' });
}
