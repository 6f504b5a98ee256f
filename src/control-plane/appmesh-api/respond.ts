/** Successful App Mesh responses: 200, JSON, with a fresh x-amzn-RequestId. */
import { randomUUID } from 'node:crypto';
import type { HttpResponse } from '../http/router.js';

export function requestIdHeaders(): Record<string, string> {
  return { 'x-amzn-RequestId': randomUUID() };
}

export function ok(body: unknown): HttpResponse {
  return { status: 200, headers: { ...requestIdHeaders(), 'content-type': 'application/json' }, body };
}
