/**
 * An exact number of requests through a target, from this process: `concurrency` keep-alive connections,
 * each sending its next request when the previous answered. For benchmarks that count work per request
 * (not rate), where a load generator's fixed duration would not give a known count.
 */
import http from 'node:http';
import type { BenchTarget } from './rows.js';

export interface RequestSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
}

/** Sends `count` requests; resolves with how many did not answer 2xx (or failed). */
export async function requestLoop(target: BenchTarget, spec: RequestSpec, count: number, concurrency: number): Promise<number> {
  const url = new URL(target.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const headers: http.OutgoingHttpHeaders = { ...(target.hostHeader === undefined ? {} : { host: target.hostHeader }), ...(spec.body === undefined ? {} : { 'content-type': 'text/html', 'content-length': Buffer.byteLength(spec.body) }) };
  const once = () =>
    new Promise<boolean>((resolve) => {
      const req = http.request({ host: url.hostname, port: url.port, path: spec.path, method: spec.method, agent, headers }, (res) => {
        res.resume();
        res.once('end', () => resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300));
        res.once('error', () => resolve(false));
      });
      req.once('error', () => resolve(false));
      req.end(spec.body);
    });
  let left = count;
  let failed = 0;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (left > 0) {
          left--;
          if (!(await once())) failed++;
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return failed;
}
