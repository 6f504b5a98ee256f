/**
 * The gRPC status that ends a call, as HTTP/2 trailers (or a trailers-only response) carry it:
 * `grpc-status` (a decimal code) and `grpc-message` (percent-encoded UTF-8). Pure; tested in
 * grpc-status.test.ts.
 */
import type { IncomingHttpHeaders } from 'node:http2';

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
