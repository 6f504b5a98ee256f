/**
 * The control plane's HTTP listener: reads each request (body capped), finds its route, runs the
 * module's `before` check and handler, and maps failures through the module's `onError`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, Writable, pipeline } from 'node:stream';
import { listen, type Component } from '../../core/lifecycle.js';
import type { Logger } from '../../core/log.js';
import { BadRequestError, errorMessage, LimitError } from '../../core/errors.js';
import type { HttpModule, HttpRequest, HttpResponse, HttpRouter } from './router.js';

/** Request bodies above this size are refused with 413 before they are read in full. */
export const MAX_BODY_BYTES = 1024 * 1024;

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/** A request body over the cap; a LimitError, so modules may answer it as their own limit or bad-request error. */
export class BodyTooLargeError extends LimitError {}

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly router: HttpRouter;
  readonly log: Logger;
  readonly maxBodyBytes?: number;
}

export class ControlPlaneHttpServer implements Component {
  readonly name = 'http';
  readonly #opts: HttpServerOptions;
  readonly #server: Server;
  /** Open streaming responses (registrations, watches): ended on close, destroyed on destroy. */
  readonly #streams = new Set<Readable>();
  #closing = false;

  constructor(opts: HttpServerOptions) {
    this.#opts = opts;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        opts.log.error(`unhandled error serving ${req.method} ${req.url}: ${errorMessage(err)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'internal error' }));
      });
    });
    this.#server.keepAliveTimeout = 5000;
    this.#server.headersTimeout = 10_000;
    this.#server.requestTimeout = 60_000;
  }

  async start(): Promise<void> {
    await listen(this.#server, this.#opts.port, this.#opts.host);
  }

  /** The bound address (useful with port 0). */
  address(): { host: string; port: number } {
    const a = this.#server.address() as AddressInfo;
    return { host: a.address, port: a.port };
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#closing = true;
      this.#server.close(() => resolve());
      for (const s of this.#streams) {
        if (s instanceof Writable) s.end();
        else s.push(null);
      }
      this.#server.closeIdleConnections();
    });
  }

  destroy(): void {
    for (const s of this.#streams) s.destroy();
    this.#server.closeAllConnections();
    this.#server.close();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Absolute-form targets (`POST http://data-127.0.0.1:7700/`, sent by clients that use the control
    // plane as their HTTP proxy) are served by their origin-form part, which is also what the client
    // signed; their host may not even be a valid URL host.
    const target = req.url ?? '/';
    const origin = ABSOLUTE_FORM.exec(target)?.[0];
    const rawUrl = origin === undefined ? target : target.slice(origin.length) || '/';
    const url = new URL(rawUrl, 'http://localhost');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = url.pathname;
    }
    const base = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      headers: req.headers,
      remoteAddress: req.socket.remoteAddress ?? '',
      rawUrl,
    };
    const { match, pathOnly } = this.#opts.router.match({ ...base, body: Buffer.alloc(0) });
    const module: HttpModule | undefined =
      match?.module ?? this.#opts.router.modules().find((m) => m.fallback && path.startsWith(m.fallback.prefix));

    let request: HttpRequest = { ...base, body: Buffer.alloc(0), params: match?.params ?? {} };
    let response: HttpResponse;
    try {
      request = { ...request, body: await readBody(req, this.#opts.maxBodyBytes ?? MAX_BODY_BYTES) };
      if (!module) {
        response = pathOnly
          ? { status: 405, body: { message: `method ${base.method} not allowed on ${path}` } }
          : { status: 404, body: { message: `no such endpoint: ${base.method} ${path}` } };
      } else {
        await module.before?.(request);
        response = match ? await match.def.handler(request) : await module.fallback!.handler(request);
      }
    } catch (err) {
      response = module ? module.onError(err, request) : { status: 400, body: { message: errorMessage(err) } };
      if (response.status >= 500) this.#opts.log.error(`${base.method} ${path}: ${errorMessage(err)}`);
    }
    if (response.body instanceof Readable) this.#stream(res, response.status, response.headers ?? {}, response.body);
    else send(res, response);
  }

  #stream(res: ServerResponse, status: number, headers: Readonly<Record<string, string>>, body: Readable): void {
    this.#streams.add(body);
    res.writeHead(status, headers);
    // The body ends when the module ends it or the server closes; a client that goes away destroys it,
    // which is how modules learn of the disconnect.
    pipeline(body, res, () => {
      this.#streams.delete(body);
      if (this.#closing) setImmediate(() => this.#server.closeIdleConnections());
    });
  }
}

function send(res: ServerResponse, response: HttpResponse): void {
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  let payload: string | Buffer | undefined;
  if (response.body === undefined) payload = undefined;
  else if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) payload = response.body;
  else {
    payload = JSON.stringify(response.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) {
    req.resume();
    return Promise.reject(new BodyTooLargeError(`request body of ${declared} bytes exceeds the ${max}-byte limit`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > max) {
        failed = true;
        reject(new BodyTooLargeError(`request body exceeds the ${max}-byte limit`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(new BadRequestError(`could not read request body: ${err.message}`, { cause: err }));
    });
  });
}
