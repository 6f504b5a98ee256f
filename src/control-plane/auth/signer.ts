/**
 * The client half of SigV4, for Meshwork's own CLI: signs a request with one key pair the way AWS SDKs
 * do (Authorization header, X-Amz-Date, x-amz-content-sha256, host signed), built on the same canonical
 * request code the server verifies with.
 */
import type { Credential } from './credentials.js';
import { canonicalRequest, credentialScope, SIGV4_ALGORITHM, sha256Hex, signature, signingKey, stringToSign } from './canonical.js';

export interface RequestToSign {
  readonly method: string;
  readonly url: URL;
  readonly body: string;
  readonly service: string;
  readonly region: string;
  /** Epoch milliseconds; default now. */
  readonly now?: number;
}

/** `20261125T093000Z` */
export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The headers to send with the request: host, x-amz-date, x-amz-content-sha256 and authorization. */
export function signRequest(req: RequestToSign, credential: Pick<Credential, 'accessKeyId' | 'secretAccessKey'>): Record<string, string> {
  const date = amzDate(req.now ?? Date.now());
  const day = date.slice(0, 8);
  const headers: Record<string, string> = { host: req.url.host, 'x-amz-content-sha256': sha256Hex(req.body), 'x-amz-date': date };
  const signedHeaders = Object.keys(headers).sort();
  const canonical = canonicalRequest({
    method: req.method,
    rawPath: req.url.pathname,
    rawQuery: req.url.search.replace(/^\?/, ''),
    headers,
    signedHeaders,
    payloadHash: headers['x-amz-content-sha256']!,
  });
  const scope = credentialScope(day, req.region, req.service);
  const sig = signature(signingKey(credential.secretAccessKey, day, req.region, req.service), stringToSign(date, scope, canonical));
  return {
    ...headers,
    authorization: `${SIGV4_ALGORITHM} Credential=${credential.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${sig}`,
  };
}
