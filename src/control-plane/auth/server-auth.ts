/**
 * The one call `meshwork up` makes for API security: resolve the credentials (flag, then environment),
 * apply the bind policy to the HTTP listen address, and build the Authenticator that the App Mesh and
 * Cloud Map modules share.
 */
import type { Logger } from '../../core/log.js';
import { createAuthenticator, type Authenticator, type AuthenticatorOptions } from './authenticator.js';
import { checkBindPolicy } from './bind-policy.js';
import { resolveCredentials } from './credentials.js';

export interface ServerAuthOptions extends AuthenticatorOptions {
  /** The host the HTTP APIs listen on (`127.0.0.1`, `0.0.0.0`, …). */
  readonly host: string;
  /** `--credentials FILE`. */
  readonly credentialsFile?: string;
  /** `--insecure`: allow a non-loopback address without credentials. */
  readonly insecure?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: Logger;
}

/** Throws BadRequestError for unusable credentials, ForbiddenError when the bind policy refuses `host`. */
export function createServerAuthenticator(opts: ServerAuthOptions): Authenticator {
  const credentials = resolveCredentials(opts.credentialsFile, opts.env ?? process.env);
  checkBindPolicy(opts.host, credentials !== undefined, opts.insecure ?? false, opts.log);
  if (credentials !== undefined) {
    const sources = [...new Set([...credentials.values()].map((c) => c.source))].join(', ');
    opts.log?.info(`API requests must be signed (SigV4) with one of ${credentials.size} key(s) from: ${sources}`);
  }
  return createAuthenticator(credentials, opts);
}
