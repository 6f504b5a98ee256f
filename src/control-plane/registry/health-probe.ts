/**
 * One Route 53-style health check of one endpoint: `TCP` passes when a connection opens; `HTTP` and
 * `HTTPS` pass when the request to ResourcePath answers with a status from 200 to 399. Anything else, a
 * timeout included, fails. Never rejects.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, isIPv6 } from 'node:net';
import type { HealthCheckType } from './model.js';

export interface ProbeTarget {
  readonly type: HealthCheckType;
  readonly address: string;
  readonly port: number;
  /** HTTP(S) only; `/` when absent. */
  readonly path?: string | undefined;
}

export type HealthProbe = (target: ProbeTarget, timeoutMs: number) => Promise<boolean>;

function tcpProbe(target: ProbeTarget, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: target.address, port: target.port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

function httpProbe(target: ProbeTarget, timeoutMs: number): Promise<boolean> {
  const request = target.type === 'HTTPS' ? httpsRequest : httpRequest;
  const host = isIPv6(target.address) ? `[${target.address}]` : target.address;
  return new Promise((resolve) => {
    const req = request(
      { host: target.address, port: target.port, path: target.path ?? '/', method: 'GET', timeout: timeoutMs, rejectUnauthorized: false, headers: { host: `${host}:${target.port}`, 'user-agent': 'Meshwork health check' } },
      (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        resolve(status >= 200 && status < 400);
      },
    );
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', () => resolve(false));
    req.end();
  });
}

export const networkProbe: HealthProbe = (target, timeoutMs) =>
  target.type === 'TCP' ? tcpProbe(target, timeoutMs) : httpProbe(target, timeoutMs);
