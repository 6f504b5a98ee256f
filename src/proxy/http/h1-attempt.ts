/**
 * One HTTP/1.1 try through the cluster's pooled keep-alive connections (undici's dispatch: the head and
 * a buffered body go out in one write, the response is parsed without per-request stream machinery).
 * The response body is handed on as a ResponseBody (a Readable with backpressure, or taken whole when
 * it has already arrived).
 */
import type http from 'node:http';
import type { Dispatcher } from 'undici';
import type { Cluster } from '../upstream/cluster.js';
import type { Host } from '../upstream/host.js';
import { ResponseBody } from './response-body.js';
import { settler, type Attempt, type UpstreamRequest } from './attempt.js';

/** Socket-level errors after the request was written and before any response byte. */
const CONNECTION_LOST = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

/** Raw header pairs → Node's header object: lower-case names, repeats joined by ', ', set-cookie a list. */
export function headerObject(raw: readonly (Buffer | string)[] | null | undefined): http.IncomingHttpHeaders {
  const out: http.IncomingHttpHeaders = {};
  if (!raw) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString().toLowerCase();
    const value = raw[i + 1]!.toString('latin1');
    if (name === 'set-cookie') (out['set-cookie'] ??= []).push(value);
    else {
      const prev = out[name];
      out[name] = prev === undefined ? value : `${prev as string}, ${value}`;
    }
  }
  return out;
}

export function h1Attempt(cluster: Cluster, host: Host, req: UpstreamRequest, onBodyBytes: (n: number) => void): Attempt {
  const { result, finish, isDone, setTimer } = settler();
  let abort: ((err?: Error) => void) | undefined;
  let cancelled = false;
  let written = false;
  let reused = false;
  let body: ResponseBody | undefined;
  const streamed = req.body !== undefined && !Buffer.isBuffer(req.body);
  const handler: Dispatcher.DispatchHandlers = {
    onConnect(abortRequest) {
      abort = abortRequest;
      written = true;
      reused = cluster.h1.reusedConnection(host);
      if (cancelled) abortRequest();
    },
    onHeaders(status, rawHeaders, resume) {
      if (status < 200) return true; // 100 Continue and other interim responses are not forwarded
      body = new ResponseBody();
      body.resumeUpstream = resume;
      body.abortUpstream = abort;
      const response = body;
      finish({ kind: 'response', status, headers: headerObject(rawHeaders), body: response, trailers: () => response.trailers, headersOnly: false, takeWhole: () => response.takeWhole() });
      return true;
    },
    onData(chunk) {
      return body === undefined ? true : body.add(chunk);
    },
    onBodySent(size) {
      if (streamed) onBodyBytes(size);
    },
    onComplete(rawTrailers) {
      if (!body) return;
      body.finish(rawTrailers && rawTrailers.length > 0 ? headerObject(rawTrailers as unknown as Buffer[]) : undefined);
    },
    onError(err: Error & { code?: string }) {
      if (body) {
        if (!body.complete) body.destroy(err);
        return;
      }
      const code = err.code ?? '';
      const outcome = !written ? 'connect-failure' : 'reset';
      finish({ kind: 'failure', outcome, message: err.message, staleConnection: reused && CONNECTION_LOST.has(code) && !cancelled });
    },
  };
  const cancel = (outcome: 'reset' | 'per-try-timeout', message: string) => {
    finish({ kind: 'failure', outcome, message });
    cancelled = true;
    if (body && !body.complete) body.destroy();
    else abort?.();
  };
  if (req.perTryTimeoutMs) setTimer(setTimeout(() => cancel('per-try-timeout', 'per-try timeout'), req.perTryTimeoutMs));
  try {
    cluster.h1.dispatch(host, { method: req.method as Dispatcher.HttpMethod, path: req.path, headers: { ...req.headers, host: req.authority } as Record<string, string>, body: req.body ?? null }, handler);
  } catch (err) {
    finish({ kind: 'failure', outcome: 'reset', message: (err as Error).message });
  }
  return {
    result,
    cancel: () => {
      if (!isDone()) cancel('reset', 'cancelled');
    },
  };
}
