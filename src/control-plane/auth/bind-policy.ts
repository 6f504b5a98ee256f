/**
 * Who may reach an unauthenticated control plane: without credentials, the APIs accept any request, so
 * they may only listen on loopback unless the operator says --insecure (then a warning is logged).
 */
import { isIP } from 'node:net';
import { ForbiddenError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';

/** True for `localhost`, 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopbackHost(host: string): boolean {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (h.toLowerCase() === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) {
    const lower = h.toLowerCase();
    if (lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
    return lower.startsWith('::ffff:127.');
  }
  return false;
}

/**
 * Throws ForbiddenError when `host` is not loopback, no credentials are configured and `insecure` is
 * false; logs a warning when `insecure` lets it through.
 */
export function checkBindPolicy(host: string, hasCredentials: boolean, insecure: boolean, log?: Logger): void {
  if (hasCredentials || isLoopbackHost(host)) return;
  if (!insecure) {
    throw new ForbiddenError(
      `refusing to serve the APIs on ${host} without credentials: anyone who can reach it could change the mesh. ` +
        'Pass --credentials FILE (or set MESHWORK_CREDENTIALS), bind a loopback address, or pass --insecure to accept unsigned requests',
    );
  }
  log?.warn(`serving the APIs on ${host} without credentials (--insecure): any client that can reach it may change the mesh`);
}
