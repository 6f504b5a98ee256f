/**
 * The gRPC status that ends a call, as HTTP/2 trailers (or a trailers-only response) carry it:
 * `grpc-status` (a decimal code) and `grpc-message` (percent-encoded UTF-8), read by the proxy's ADS
 * client and written by the control plane's gRPC server. Pure; tested in grpc-status.test.ts.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http2';

export interface GrpcStatus {
  readonly code: number;
  readonly message: string;
}

const NAMES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
] as const;

/** `14 UNAVAILABLE`, or the bare code when it is not a standard one. */
export function grpcStatusName(code: number): string {
  const name = NAMES[code];
  return name === undefined ? String(code) : `${code} ${name}`;
}

/**
 * Decodes a percent-encoded grpc-message. A malformed escape or byte sequence is left as it came
 * (the gRPC spec asks receivers not to fail on it).
 */
export function decodeGrpcMessage(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** The status in a header block, or undefined when it has no `grpc-status`. A malformed code counts as UNKNOWN (2). */
export function grpcStatusOf(headers: IncomingHttpHeaders): GrpcStatus | undefined {
  const raw = headers['grpc-status'];
  if (raw === undefined) return undefined;
  const text = Array.isArray(raw) ? raw[0] ?? '' : raw;
  const code = /^\d+$/.test(text) ? Number(text) : 2;
  const message = headers['grpc-message'];
  return { code, message: decodeGrpcMessage(typeof message === 'string' ? message : '') };
}

/** The gRPC status codes Meshwork's servers send. */
export const GrpcCode = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  UNAVAILABLE: 14,
} as const;
export type GrpcCodeValue = (typeof GrpcCode)[keyof typeof GrpcCode];

const PLAIN_MESSAGE = /^[\x20-\x24\x26-\x7e]*$/;

/** `grpc-message` encoding: UTF-8 bytes outside printable ASCII, and '%', become %XX. */
export function encodeGrpcMessage(message: string): string {
  if (PLAIN_MESSAGE.test(message)) return message;
  let out = '';
  for (const b of Buffer.from(message, 'utf8')) {
    out += b >= 0x20 && b <= 0x7e && b !== 0x25 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The status as trailers (or as the headers of a trailers-only response). */
export function statusHeaders(code: GrpcCodeValue, message: string): OutgoingHttpHeaders {
  return message === '' ? { 'grpc-status': String(code) } : { 'grpc-status': String(code), 'grpc-message': encodeGrpcMessage(message) };
}
