/**
 * The control plane's HTTP surface is one port shared by several modules (App Mesh REST API,
 * Cloud Map JSON API, Meshwork's own CLI endpoints, the dashboard). Each module registers its
 * routes and its own error mapper, so errors reach the outside in that module's dialect.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpRequest {
  readonly method: string;
  /** Decoded path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Values of `:name` segments in the route pattern. */
  readonly params: Readonly<Record<string, string>>;
  readonly remoteAddress: string;
  /** The raw request target (path and query as sent), needed for signature checks. */
  readonly rawUrl: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * A string or Buffer is sent as is; a Readable is streamed (chunked) until it ends, and is destroyed
   * when the client disconnects first; anything else is sent as JSON.
   */
  readonly body?: unknown;
}

export type HttpHandler = (req: HttpRequest) => HttpResponse | Promise<HttpResponse>;

export interface RouteDef {
  readonly method: string;
  /** `/v20190125/meshes/:meshName`; segments starting with ':' capture one path segment. */
  readonly pattern: string;
  /** Extra predicate, e.g. on the X-Amz-Target header. */
  readonly when?: (req: HttpRequest) => boolean;
  readonly handler: HttpHandler;
}

export interface HttpModule {
  readonly name: string;
  readonly routes: readonly RouteDef[];
  /** Checks run before the handler (authentication); throw to refuse. */
  readonly before?: (req: HttpRequest) => void | Promise<void>;
  /** Maps any error thrown by `before` or a handler to this module's error response. */
  readonly onError: (err: unknown, req: HttpRequest) => HttpResponse;
  /** Handles requests under `prefix` that matched no route (e.g. an unknown App Mesh path). */
  readonly fallback?: { readonly prefix: string; readonly handler: HttpHandler };
}

interface CompiledRoute {
  readonly module: HttpModule;
  readonly def: RouteDef;
  readonly segments: readonly string[];
}

export interface RouteMatch {
  readonly module: HttpModule;
  readonly def: RouteDef;
  readonly params: Record<string, string>;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

/** A route table; routes are tried in registration order. */
export class HttpRouter {
  readonly #routes: CompiledRoute[] = [];
  readonly #modules: HttpModule[] = [];

  register(module: HttpModule): void {
    if (this.#modules.some((m) => m.name === module.name)) throw new Error(`http module ${module.name} already registered`);
    this.#modules.push(module);
    for (const def of module.routes) this.#routes.push({ module, def, segments: splitPath(def.pattern) });
  }

  modules(): readonly HttpModule[] {
    return this.#modules;
  }

  /** Finds the route for a request; `pathOnly` reports whether some route matched the path with another method. */
  match(req: Omit<HttpRequest, 'params'>): { match?: RouteMatch; pathOnly: boolean } {
    const segs = splitPath(req.path);
    let pathOnly = false;
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, segs);
      if (!params) continue;
      if (route.def.method !== req.method) {
        pathOnly = true;
        continue;
      }
      if (route.def.when && !route.def.when({ ...req, params })) continue;
      return { match: { module: route.module, def: route.def, params }, pathOnly };
    }
    return { pathOnly };
  }
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const a = actual[i]!;
    if (p.startsWith(':')) params[p.slice(1)] = a;
    else if (p !== a) return undefined;
  }
  return params;
}
