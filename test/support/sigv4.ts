/**
 * Signs requests the way AWS SDK clients do, with the SDK's own signer (@smithy/signature-v4), so
 * server-side verification is tested against an independent implementation.
 */
import { createHash, createHmac, type Hash as NodeHash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest as SmithyRequest, SourceData } from '@smithy/types';

/** SHA-256 / HMAC-SHA256 in the shape the signer wants, backed by node:crypto. */
class NodeSha256 {
  readonly #hash: NodeHash | Hmac;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: SourceData): void {
    this.#hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export interface TestCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface UnsignedRequest {
  readonly method: string;
  /** As sent on the wire: labels already percent-encoded, as the SDK serialises them. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A request as the server sees it: raw target, lower-case headers, body bytes. */
export interface WireRequest {
  readonly method: string;
  readonly rawUrl: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

export interface SignOptions {
  readonly credentials: TestCredentials;
  readonly service: string;
  readonly region?: string;
  readonly date?: Date;
  readonly host?: string;
  /** Send x-amz-content-sha256 as the JS SDK does (default); false signs like botocore, without it. */
  readonly checksum?: boolean;
}

function toSmithy(req: UnsignedRequest, host: string): SmithyRequest {
  return {
    method: req.method,
    protocol: 'http:',
    hostname: host,
    path: req.path,
    query: { ...(req.query ?? {}) },
    headers: { host, ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(req.headers ?? {}) },
    body: req.body,
  };
}

function signer(opts: SignOptions): SignatureV4 {
  return new SignatureV4({ credentials: opts.credentials, region: opts.region ?? 'eu-central-1', service: opts.service, sha256: NodeSha256, applyChecksum: opts.checksum ?? true });
}

/** Query encoding as the SDK's HTTP handler sends it. */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function toWire(signed: SmithyRequest, body: string | undefined): WireRequest {
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encode(k)}=${encode(String(v))}`)
    .join('&');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = v;
  return { method: signed.method, rawUrl: query === '' ? signed.path : `${signed.path}?${query}`, headers, body: Buffer.from(body ?? '') };
}

export async function signRequest(req: UnsignedRequest, opts: SignOptions): Promise<WireRequest> {
  const host = opts.host ?? '127.0.0.1:7700';
  const signed = await signer(opts).sign(toSmithy(req, host), opts.date ? { signingDate: opts.date } : {});
  return toWire(signed, req.body);
}

export async function presignRequest(req: UnsignedRequest, opts: SignOptions & { expiresIn: number }): Promise<WireRequest> {
  const host = opts.host ?? '127.0.0.1:7700';
  const signed = await signer(opts).presign(toSmithy(req, host), { expiresIn: opts.expiresIn, ...(opts.date ? { signingDate: opts.date } : {}) });
  return toWire(signed, req.body);
}
