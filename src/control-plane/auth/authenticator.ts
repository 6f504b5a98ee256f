/**
 * Request authentication for the control plane's AWS-compatible HTTP modules (App Mesh, Cloud Map).
 *
 * Contract: `authenticate(req, service)` returns who made the request, or throws `ForbiddenError` with a
 * message that says what was wrong (unsigned, unknown key, wrong signature, stale date, wrong service).
 * It never changes anything and never throws any other error for bad client input. `service` is the
 * SigV4 signing name the module answers to: `appmesh`, `servicediscovery`.
 */
import type { HttpRequest } from '../http/router.js';
import type { Clock } from '../../core/clock.js';
import type { CredentialSet } from './credentials.js';
import { SigV4Authenticator } from './sigv4-authenticator.js';

/** The parts of a request a signature covers. */
export type AuthRequest = Pick<HttpRequest, 'method' | 'rawUrl' | 'headers' | 'body'>;

export type Principal =
  /** The request carried a valid signature by this access key. */
  | { readonly kind: 'signed'; readonly accessKeyId: string }
  /** No credentials are configured: the request was not checked. */
  | { readonly kind: 'anonymous' };

export interface Authenticator {
  /** True when requests must carry a valid signature. */
  readonly verifiesSignatures: boolean;
  authenticate(req: AuthRequest, service: string): Principal;
}

/** Accepts every request, signed or not; used when no credentials are configured (loopback, or --insecure). */
export class OpenAuthenticator implements Authenticator {
  readonly verifiesSignatures = false;
  authenticate(_req: AuthRequest, _service: string): Principal {
    return { kind: 'anonymous' };
  }
}

export interface AuthenticatorOptions {
  readonly clock?: Clock;
  /** How far X-Amz-Date may be from the server clock; default 15 minutes, as AWS allows. */
  readonly maxSkewMs?: number;
}

/** A SigV4 verifier over `credentials`, or an open authenticator when there are none. */
export function createAuthenticator(credentials: CredentialSet | undefined, options: AuthenticatorOptions = {}): Authenticator {
  return credentials && credentials.size > 0 ? new SigV4Authenticator(credentials, options) : new OpenAuthenticator();
}
