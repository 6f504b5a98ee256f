/** One request/response exchange as the connection manager tracks it, and its access-log entry. */
import type http from 'node:http';
import type http2 from 'node:http2';
import type { Readable } from 'node:stream';
import type { Route } from '../config/model.js';
import type { Cluster } from '../upstream/cluster.js';
import type { Host } from '../upstream/host.js';
import type { AccessLogEntry } from './access-log.js';
import type { Attempt } from './attempt.js';
import { H1Request } from './h1-request.js';
import type { DownstreamHead } from './request-head.js';
import { withFlag, type ResponseFlag } from './response-flags.js';

/** A downstream request: node:http, node:http2, or the raw-socket HTTP/1.1 connection's. */
export type DownReq = http.IncomingMessage | http2.Http2ServerRequest | H1Request;

/**
 * A downstream response as the connection manager writes it: node:http's, node:http2's compatibility
 * response, or the raw-socket HTTP/1.1 connection's (H1Response). `writeHead` then `end` (or piping a
 * body into it, with 'drain'); 'close' fires once, when it finished (`writableFinished`) or the
 * client went away; `destroy()` resets the exchange.
 */
export interface DownRes extends NodeJS.WritableStream {
  readonly headersSent: boolean;
  readonly destroyed: boolean;
  readonly writableEnded: boolean;
  readonly writableFinished: boolean;
  writeHead(status: number, headers?: http.OutgoingHttpHeaders): unknown;
  getHeaders(): http.OutgoingHttpHeaders;
  destroy(): void;
}

export interface Exchange {
  readonly start: number;
  readonly head: DownstreamHead;
  readonly req: DownReq;
  readonly res: DownRes;
  flags: string;
  status: number;
  bytesIn: number;
  bytesOut: number;
  cluster: Cluster | undefined;
  host: Host | undefined;
  route: Route | undefined;
  serviceTimeMs: number | undefined;
  logged: boolean;
  /** The try in flight, cancelled if the client goes away. */
  attempt: Attempt | undefined;
  /** The cluster whose active-request count this exchange holds, until it ends. */
  holds: Cluster | undefined;
}

/** Adds a response flag; the access log and the response header both carry every flag the exchange got. */
export function addFlag(ex: Exchange, flag: ResponseFlag): void {
  ex.flags = withFlag(ex.flags, flag);
}

export function ignore(): void {}

/**
 * The request's body as a stream, or undefined when it has none to read: node:http and node:http2
 * requests are their own body; the raw HTTP/1.1 connection's has one only while a body is arriving.
 */
export function bodyStream(req: DownReq): Readable | undefined {
  return req instanceof H1Request ? req.body : req;
}

/** The response is complete (or made locally): drop whatever request body nobody read. */
export function dropRequestBody(req: DownReq): void {
  const body = bodyStream(req);
  if (body === undefined || body.readableEnded) return;
  body.unpipe();
  body.resume();
}

function joined(v: string | string[] | number | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v === undefined ? undefined : String(v);
}

export function accessLogEntry(ex: Exchange): AccessLogEntry {
  const headers = ex.req.headers;
  const resHeaders = ex.res.headersSent ? ex.res.getHeaders() : {};
  return {
    startMs: ex.start,
    method: ex.head.method,
    path: ex.head.query ? `${ex.head.path}?${ex.head.query}` : ex.head.path,
    originalPath: undefined,
    protocol: ex.head.protocol,
    status: ex.status,
    flags: ex.flags,
    bytesReceived: ex.bytesIn,
    bytesSent: ex.bytesOut,
    durationMs: Date.now() - ex.start,
    upstreamServiceTimeMs: ex.serviceTimeMs,
    upstreamHost: ex.host?.key,
    upstreamCluster: ex.cluster?.name,
    routeName: ex.route?.name,
    downstreamRemote: ex.req.socket?.remoteAddress,
    downstreamLocal: ex.req.socket?.localAddress,
    reqHeader: (n: string) => (n === ':authority' ? ex.head.authority : joined(headers[n])),
    respHeader: (n: string) => joined(resHeaders[n] as string | string[] | undefined),
  };
}
