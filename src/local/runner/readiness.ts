/**
 * Waiting for a workload to become ready: the sidecar's admin `/ready` answering 200 and the app
 * accepting connections on its port. Each check is retried on a short interval until it passes, the
 * deadline passes (TimeoutError), or `signal` aborts (one of the children died).
 */
import { connect } from 'node:net';
import { request } from 'node:http';
import { TimeoutError } from '../../core/errors.js';

const POLL_MS = 50;

/** True when a TCP connection to host:port succeeds now. */
export function tcpAccepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** True when GET `url` answers 200 now, within a second (Envoy's admin `/ready` answers 200 once LIVE). */
export function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('error', () => resolve(false));
    req.once('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

async function until(what: string, check: () => Promise<boolean>, deadline: number, signal: AbortSignal): Promise<void> {
  for (;;) {
    signal.throwIfAborted();
    if (await check()) return;
    if (Date.now() >= deadline) throw new TimeoutError(`${what} was not ready in time`);
    await new Promise<void>((resolve) => {
      const onAbort = (): void => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, POLL_MS);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

export function waitForTcp(what: string, host: string, port: number, deadline: number, signal: AbortSignal): Promise<void> {
  return until(`${what} (${host}:${port})`, () => tcpAccepts(host, port), deadline, signal);
}

export function waitForHttpOk(what: string, url: string, deadline: number, signal: AbortSignal): Promise<void> {
  return until(`${what} (${url})`, () => httpOk(url), deadline, signal);
}
