/**
 * The pure half of AWS Signature Version 4: canonical request, string to sign, signing key and signature,
 * computed from the request as it arrived on the wire (never from values the client claims).
 * Rules: docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html.
 */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** RFC 3986 encoding: everything but A-Z a-z 0-9 - _ . ~ is percent-encoded, in upper-case hex. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The canonical URI of a raw request path (as sent, still percent-encoded): dot segments resolved,
 * empty segments dropped, then each segment encoded once more, as every AWS service but S3 expects.
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const seg of rawPath.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  if (segments.length === 0) return '/';
  const trailing = rawPath.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

/** Thrown for a query string whose percent-encoding cannot be decoded. */
export class MalformedQueryError extends Error {}

/**
 * The canonical query string of a raw query (without '?'): pairs decoded, re-encoded strictly and sorted
 * by key then value. `omit` drops a parameter (the signature itself, for presigned requests).
 */
export function canonicalQuery(rawQuery: string, omit?: string): string {
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey);
      value = decodeURIComponent(rawValue);
    } catch {
      throw new MalformedQueryError(`query parameter "${part}" is not valid percent-encoding`);
    }
    if (key === omit) continue;
    pairs.push([uriEncode(key), uriEncode(value)]);
  }
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** `name:value\n` lines for the signed headers, values trimmed with inner runs of spaces collapsed. */
export function canonicalHeaders(headers: IncomingHttpHeaders, signed: readonly string[]): string {
  return signed
    .map((name) => {
      const raw = headers[name];
      const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
      return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
}

export interface CanonicalInput {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly headers: IncomingHttpHeaders;
  /** Lower-case names, sorted, as listed in SignedHeaders. */
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
  /** Query parameter left out of the canonical query (X-Amz-Signature when presigned). */
  readonly omitQuery?: string;
}

export function canonicalRequest(input: CanonicalInput): string {
  return [
    input.method,
    canonicalUri(input.rawPath),
    canonicalQuery(input.rawQuery, input.omitQuery),
    canonicalHeaders(input.headers, input.signedHeaders),
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

/** `<date>/<region>/<service>/aws4_request` */
export function credentialScope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/aws4_request`;
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}

export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secretAccessKey}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

export function signature(key: Buffer, toSign: string): string {
  return createHmac('sha256', key).update(toSign).digest('hex');
}
