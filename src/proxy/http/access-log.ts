/**
 * Access logs as Envoy writes them: Envoy's default text format, a custom text format with command
 * operators, or JSON with operator values. Formats are compiled once into functions; files are opened
 * once per path (`/dev/stdout` and `/dev/stderr` write to the process streams).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { AccessLogConfig } from '../config/model.js';

export interface AccessLogEntry {
  readonly startMs: number;
  readonly method: string;
  readonly path: string;
  readonly originalPath: string | undefined;
  readonly protocol: string;
  readonly status: number;
  readonly flags: string;
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly durationMs: number;
  readonly upstreamServiceTimeMs: number | undefined;
  readonly upstreamHost: string | undefined;
  readonly upstreamCluster: string | undefined;
  readonly routeName: string | undefined;
  readonly downstreamRemote: string | undefined;
  readonly downstreamLocal: string | undefined;
  readonly reqHeader: (name: string) => string | undefined;
  readonly respHeader: (name: string) => string | undefined;
}

export const DEFAULT_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"\n';

type Op = (e: AccessLogEntry) => string | number | undefined;

function header(e: AccessLogEntry, spec: string, resp: boolean): string | undefined {
  for (const alt of spec.split('?')) {
    const name = alt.toLowerCase();
    let v: string | undefined;
    if (!resp && name === ':method') v = e.method;
    else if (!resp && name === ':path') v = e.path;
    else if (!resp && name === 'x-envoy-original-path') v = e.originalPath;
    else if (!resp && name === ':authority') v = e.reqHeader('host') ?? e.reqHeader(':authority');
    else v = resp ? e.respHeader(name) : e.reqHeader(name);
    if (v !== undefined) return v;
  }
  return undefined;
}

const OPERATORS: Record<string, Op> = {
  START_TIME: (e) => new Date(e.startMs).toISOString(),
  PROTOCOL: (e) => e.protocol,
  RESPONSE_CODE: (e) => e.status,
  RESPONSE_FLAGS: (e) => e.flags || undefined,
  BYTES_RECEIVED: (e) => e.bytesReceived,
  BYTES_SENT: (e) => e.bytesSent,
  DURATION: (e) => e.durationMs,
  UPSTREAM_HOST: (e) => e.upstreamHost,
  UPSTREAM_CLUSTER: (e) => e.upstreamCluster,
  ROUTE_NAME: (e) => e.routeName || undefined,
  DOWNSTREAM_REMOTE_ADDRESS: (e) => e.downstreamRemote,
  DOWNSTREAM_LOCAL_ADDRESS: (e) => e.downstreamLocal,
  REQUEST_DURATION: (e) => e.durationMs,
  RESPONSE_DURATION: (e) => e.upstreamServiceTimeMs,
};

function operator(token: string): Op {
  const m = /^(REQ|RESP)\(([^)]+)\)(?::(\d+))?$/.exec(token);
  if (m) {
    const resp = m[1] === 'RESP';
    const spec = m[2]!;
    const max = m[3] === undefined ? undefined : Number(m[3]);
    if (resp && spec.toLowerCase() === 'x-envoy-upstream-service-time') return (e) => e.upstreamServiceTimeMs;
    return (e) => {
      const v = header(e, spec, resp);
      return max !== undefined && v !== undefined ? v.slice(0, max) : v;
    };
  }
  return OPERATORS[token] ?? (() => undefined);
}

/** Compiles a text format into a function; unset values print `-`. */
export function compileTextFormat(format: string): (e: AccessLogEntry) => string {
  const parts: Array<string | Op> = [];
  const re = /%([A-Z_]+(?:\([^)]*\))?(?::\d+)?)%/g;
  let last = 0;
  for (let m = re.exec(format); m !== null; m = re.exec(format)) {
    if (m.index > last) parts.push(format.slice(last, m.index));
    parts.push(operator(m[1]!));
    last = m.index + m[0].length;
  }
  if (last < format.length) parts.push(format.slice(last));
  return (e) => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else {
        const v = p(e);
        out += v === undefined || v === '' ? '-' : String(v);
      }
    }
    return out;
  };
}

/** JSON format: each key's value is a format string; a lone operator keeps numbers as numbers. */
export function compileJsonFormat(keys: ReadonlyMap<string, string>): (e: AccessLogEntry) => string {
  const fields = [...keys].map(([k, f]) => {
    const lone = /^%([A-Z_]+(?:\([^)]*\))?(?::\d+)?)%$/.exec(f);
    const op = lone ? operator(lone[1]!) : undefined;
    const text = compileTextFormat(f);
    return [k, (e: AccessLogEntry) => (op ? (op(e) ?? null) : text(e))] as const;
  });
  return (e) => JSON.stringify(Object.fromEntries(fields.map(([k, f]) => [k, f(e)]))) + '\n';
}

const files = new Map<string, WriteStream | NodeJS.WriteStream>();

function sink(path: string): WriteStream | NodeJS.WriteStream {
  if (path === '/dev/stdout') return process.stdout;
  if (path === '/dev/stderr') return process.stderr;
  let s = files.get(path);
  if (!s) {
    const ws = createWriteStream(path, { flags: 'a' });
    ws.on('error', () => files.delete(path));
    files.set(path, (s = ws));
  }
  return s;
}

export interface AccessLogger {
  log(e: AccessLogEntry): void;
}

export function createAccessLogger(config: AccessLogConfig): AccessLogger {
  const format = config.jsonFormat ? compileJsonFormat(config.jsonFormat) : compileTextFormat(config.textFormat ?? DEFAULT_FORMAT);
  return { log: (e) => void sink(config.path).write(format(e)) };
}
