/**
 * Verifies AWS Signature Version 4 (header or presigned query form) against configured key pairs.
 * The signature is recomputed from the request as received: method, raw path and query, the signed
 * headers' values, and the SHA-256 of the body actually read; the client's own payload hash header is
 * only compared against it. Signatures are compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';
import { ForbiddenError } from '../../core/errors.js';
import { systemClock, type Clock } from '../../core/clock.js';
import type { AuthenticatorOptions, AuthRequest, Authenticator, Principal } from './authenticator.js';
import type { CredentialSet } from './credentials.js';
import {
  canonicalRequest,
  credentialScope,
  MalformedQueryError,
  sha256Hex,
  signature,
  signingKey,
  stringToSign,
} from './canonical.js';
import { parseAmzDate, readClaims, type SigV4Claims } from './claims.js';

export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

export class SigV4Authenticator implements Authenticator {
  readonly verifiesSignatures = true;
  readonly #credentials: CredentialSet;
  readonly #clock: Clock;
  readonly #maxSkewMs: number;

  constructor(credentials: CredentialSet, options: AuthenticatorOptions = {}) {
    this.#credentials = credentials;
    this.#clock = options.clock ?? systemClock;
    this.#maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  }

  authenticate(req: AuthRequest, service: string): Principal {
    const q = req.rawUrl.indexOf('?');
    const rawPath = q < 0 ? req.rawUrl : req.rawUrl.slice(0, q);
    const rawQuery = q < 0 ? '' : req.rawUrl.slice(q + 1);
    const result = readClaims(req.headers, new URLSearchParams(rawQuery));
    switch (result.kind) {
      case 'unsigned':
        throw new ForbiddenError('missing authentication: the request must be signed with AWS Signature Version 4');
      case 'malformed':
        throw new ForbiddenError(`malformed signature: ${result.reason}`);
      case 'claims':
        return this.#verify(req, rawPath, rawQuery, result.claims, service);
      default: {
        const never: never = result;
        throw new ForbiddenError(`unexpected signature parse result ${String(never)}`);
      }
    }
  }

  #verify(req: AuthRequest, rawPath: string, rawQuery: string, claims: SigV4Claims, service: string): Principal {
    if (claims.service !== service) {
      throw new ForbiddenError(`credential scope names service "${claims.service}", but this endpoint is "${service}"`);
    }
    const credential = this.#credentials.get(claims.accessKeyId);
    if (!credential) throw new ForbiddenError(`the access key id ${claims.accessKeyId} is not known to this server`);
    this.#checkTime(claims);

    const signed = claims.signedHeaders;
    if (!signed.includes('host')) throw new ForbiddenError('SignedHeaders must include host');
    if (claims.form === 'header' && !signed.includes('x-amz-date')) throw new ForbiddenError('SignedHeaders must include x-amz-date');
    const missing = signed.find((h) => req.headers[h] === undefined);
    if (missing !== undefined) throw new ForbiddenError(`signed header ${missing} is not present in the request`);

    const payloadHash = sha256Hex(req.body);
    const claimedHash = req.headers['x-amz-content-sha256'];
    if (claimedHash !== undefined && claimedHash !== payloadHash) {
      throw new ForbiddenError('x-amz-content-sha256 does not match the SHA-256 of the request body');
    }

    let canonical: string;
    try {
      canonical = canonicalRequest({
        method: req.method,
        rawPath,
        rawQuery,
        headers: req.headers,
        signedHeaders: signed,
        payloadHash,
        ...(claims.form === 'query' ? { omitQuery: 'X-Amz-Signature' } : {}),
      });
    } catch (err) {
      if (err instanceof MalformedQueryError) throw new ForbiddenError(`malformed signature: ${err.message}`, { cause: err });
      throw err;
    }
    const key = signingKey(credential.secretAccessKey, claims.date, claims.region, claims.service);
    const expected = signature(key, stringToSign(claims.amzDate, credentialScope(claims.date, claims.region, claims.service), canonical));
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(claims.signature))) {
      throw new ForbiddenError('the request signature does not match: check the secret access key and that the request was not changed after signing');
    }
    return { kind: 'signed', accessKeyId: credential.accessKeyId };
  }

  #checkTime(claims: SigV4Claims): void {
    const signedAt = parseAmzDate(claims.amzDate);
    if (Number.isNaN(signedAt)) throw new ForbiddenError(`X-Amz-Date ${claims.amzDate} is not a valid time`);
    const now = this.#clock.now();
    const skewMinutes = Math.round(this.#maxSkewMs / 60_000);
    if (signedAt - now > this.#maxSkewMs) {
      throw new ForbiddenError(`signature date ${claims.amzDate} is more than ${skewMinutes} minutes ahead of the server clock`);
    }
    if (claims.expiresSeconds !== undefined) {
      if (now > signedAt + claims.expiresSeconds * 1000) {
        throw new ForbiddenError(`the presigned request expired at ${new Date(signedAt + claims.expiresSeconds * 1000).toISOString()}`);
      }
    } else if (now - signedAt > this.#maxSkewMs) {
      throw new ForbiddenError(`signature date ${claims.amzDate} is more than ${skewMinutes} minutes behind the server clock (stale or replayed request)`);
    }
  }
}
