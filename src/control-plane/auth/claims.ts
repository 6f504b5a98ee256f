/**
 * Reads what a SigV4-signed request claims about itself, from the Authorization header
 * (`AWS4-HMAC-SHA256 Credential=AKID/20261125/eu-central-1/appmesh/aws4_request, SignedHeaders=host;x-amz-date,
 * Signature=…`) or from a presigned query string (`X-Amz-Algorithm`, `X-Amz-Credential`, …).
 * Pure; the result is a discriminated union so the caller words the refusal.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { SIGV4_ALGORITHM } from './canonical.js';

export interface SigV4Claims {
  readonly form: 'header' | 'query';
  readonly accessKeyId: string;
  /** Scope date, YYYYMMDD. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  /** Lower-case, in the order given (SigV4 requires them sorted). */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** Request time, YYYYMMDDTHHMMSSZ. */
  readonly amzDate: string;
  /** Presigned requests only: validity in seconds from amzDate. */
  readonly expiresSeconds?: number;
}

export type ClaimsResult =
  | { readonly kind: 'unsigned' }
  | { readonly kind: 'malformed'; readonly reason: string }
  | { readonly kind: 'claims'; readonly claims: SigV4Claims };

const AMZ_DATE = /^(\d{8})T\d{6}Z$/;
const SIGNATURE = /^[0-9a-f]{64}$/;
/** AWS caps presigned URLs at seven days. */
export const MAX_PRESIGN_SECONDS = 604_800;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function readClaims(headers: IncomingHttpHeaders, query: URLSearchParams): ClaimsResult {
  const authorization = header(headers, 'authorization');
  if (authorization !== undefined) return fromHeader(authorization, header(headers, 'x-amz-date'));
  if (query.has('X-Amz-Signature') || query.has('X-Amz-Credential')) return fromQuery(query);
  return { kind: 'unsigned' };
}

function fromHeader(authorization: string, amzDate: string | undefined): ClaimsResult {
  const space = authorization.indexOf(' ');
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    return { kind: 'malformed', reason: `Authorization uses "${algorithm}"; only ${SIGV4_ALGORITHM} (Signature Version 4) is supported` };
  }
  const fields = new Map<string, string>();
  for (const part of authorization.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  if (amzDate === undefined) return { kind: 'malformed', reason: 'the X-Amz-Date header is missing' };
  return build('header', fields.get('Credential'), fields.get('SignedHeaders'), fields.get('Signature'), amzDate, undefined, 'Authorization');
}

function fromQuery(query: URLSearchParams): ClaimsResult {
  const algorithm = query.get('X-Amz-Algorithm');
  if (algorithm !== SIGV4_ALGORITHM) {
    return { kind: 'malformed', reason: `X-Amz-Algorithm must be ${SIGV4_ALGORITHM}, got "${algorithm ?? ''}"` };
  }
  const expires = query.get('X-Amz-Expires');
  const seconds = expires === null ? NaN : Number(expires);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
    return { kind: 'malformed', reason: `X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_PRESIGN_SECONDS}` };
  }
  const amzDate = query.get('X-Amz-Date');
  if (amzDate === null) return { kind: 'malformed', reason: 'the X-Amz-Date query parameter is missing' };
  return build(
    'query',
    query.get('X-Amz-Credential') ?? undefined,
    query.get('X-Amz-SignedHeaders') ?? undefined,
    query.get('X-Amz-Signature') ?? undefined,
    amzDate,
    seconds,
    'the presigned query',
  );
}

function build(
  form: SigV4Claims['form'],
  credential: string | undefined,
  signedHeaders: string | undefined,
  sig: string | undefined,
  amzDate: string,
  expiresSeconds: number | undefined,
  where: string,
): ClaimsResult {
  if (credential === undefined) return { kind: 'malformed', reason: `${where} has no Credential` };
  if (signedHeaders === undefined) return { kind: 'malformed', reason: `${where} has no SignedHeaders` };
  if (sig === undefined) return { kind: 'malformed', reason: `${where} has no Signature` };
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || scope.some((s) => s === '')) {
    return { kind: 'malformed', reason: `Credential must be <access key id>/<YYYYMMDD>/<region>/<service>/aws4_request, got "${credential}"` };
  }
  const [accessKeyId, date, region, service] = scope as [string, string, string, string, string];
  const dateMatch = AMZ_DATE.exec(amzDate);
  if (!dateMatch) return { kind: 'malformed', reason: `X-Amz-Date must look like 20261125T093000Z, got "${amzDate}"` };
  if (dateMatch[1] !== date) {
    return { kind: 'malformed', reason: `the credential scope date ${date} is not the date of X-Amz-Date ${amzDate}` };
  }
  if (!SIGNATURE.test(sig)) return { kind: 'malformed', reason: 'Signature must be 64 lower-case hex digits' };
  const headers = signedHeaders.split(';').map((h) => h.trim().toLowerCase());
  const claims: SigV4Claims = { form, accessKeyId, date, region, service, signedHeaders: headers, signature: sig, amzDate };
  return { kind: 'claims', claims: expiresSeconds === undefined ? claims : { ...claims, expiresSeconds } };
}

/** Epoch milliseconds of a YYYYMMDDTHHMMSSZ timestamp, or NaN. */
export function parseAmzDate(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  return check.getUTCDate() === d && check.getUTCMonth() === mo - 1 ? ms : NaN;
}
