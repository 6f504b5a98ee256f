/**
 * Envoy-compatible admin API. Handlers register by exact path; mutating ones require POST (405
 * otherwise, as Envoy does); unknown paths get 404 with the help listing. Every response carries
 * Envoy's fallback headers.
 */
import http from 'node:http';
import type { Component } from '../../core/lifecycle.js';
import type { Logger } from '../../core/log.js';
import type { Proxy } from '../proxy.js';
import { controlHandlers } from './handlers-control.js';
import { infoHandlers } from './handlers-info.js';

export interface AdminResponse {
  readonly status?: number;
  readonly contentType?: string;
  readonly body: string;
}

export interface AdminHandler {
  readonly path: string;
  readonly help: string;
  readonly post: boolean;
  /** May answer later (a Promise): /config_dump loads its decoder on first use. */
  handle(params: URLSearchParams, proxy: Proxy): AdminResponse | Promise<AdminResponse>;
}

export const TEXT = 'text/plain; charset=UTF-8';
export const JSON_TYPE = 'application/json';

export class AdminServer implements Component {
  readonly name = 'admin';
  readonly #server: http.Server;
  readonly #handlers = new Map<string, AdminHandler>();
  #port = 0;

  constructor(private readonly proxy: Proxy, private readonly host: string, private readonly requestedPort: number, private readonly log: Logger) {
    for (const h of [...infoHandlers(() => this.helpText()), ...controlHandlers()]) this.#handlers.set(h.path, h);
    this.#server = http.createServer((req, res) => void this.#serve(req, res));
  }

  get port(): number {
    return this.#port;
  }

  get address(): string {
    return `${this.host}:${this.#port}`;
  }

  helpText(): string {
    const lines = [...this.#handlers.values()].sort((a, b) => (a.path < b.path ? -1 : 1)).map((h) => `  ${h.path}${h.post ? ' (POST)' : ''}: ${h.help}`);
    return `admin commands are:\n${lines.join('\n')}\n`;
  }

  async #serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    const handler = this.#handlers.get(path);
    let r: AdminResponse;
    if (!handler) r = { status: 404, body: `invalid path. ${this.helpText()}` };
    else if (handler.post && req.method !== 'POST') r = { status: 405, body: `Method ${req.method ?? 'GET'} not allowed, POST required.` };
    else {
      try {
        r = await handler.handle(params, this.proxy);
      } catch (err) {
        r = { status: 500, body: `error: ${(err as Error).message}\n` };
      }
    }
    this.log.debug(`admin ${req.method} ${url} -> ${r.status ?? 200}`);
    req.resume();
    res.writeHead(r.status ?? 200, {
      'content-type': r.contentType ?? TEXT,
      'cache-control': 'no-cache, max-age=0',
      'x-content-type-options': 'nosniff',
    });
    res.end(r.body);
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.requestedPort, this.host, () => {
        this.#server.off('error', reject);
        const a = this.#server.address();
        this.#port = typeof a === 'object' && a ? a.port : this.requestedPort;
        this.log.info(`admin address: ${this.address}`);
        resolve();
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeIdleConnections();
    });
  }

  destroy(): void {
    this.#server.close();
    this.#server.closeAllConnections();
  }
}
