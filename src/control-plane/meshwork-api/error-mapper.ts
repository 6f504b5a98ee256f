/** Maps any error from the Meshwork endpoints to one JSON error body; the only place this module does so. */
import { errorMessage, MeshError, ValidationError, type ErrorCode } from '../../core/errors.js';
import type { HttpResponse } from '../http/router.js';
import type { ErrorBody } from './wire.js';

const STATUS: Readonly<Record<ErrorCode, number>> = {
  ERR_VALIDATION: 400,
  ERR_BAD_REQUEST: 400,
  ERR_NOT_FOUND: 404,
  ERR_ALREADY_EXISTS: 409,
  ERR_CONFLICT: 409,
  ERR_IN_USE: 409,
  ERR_LIMIT: 413,
  ERR_FORBIDDEN: 403,
  ERR_UNAVAILABLE: 503,
  ERR_TIMEOUT: 504,
  ERR_INTERNAL: 500,
};

export function mapError(err: unknown): HttpResponse {
  if (err instanceof MeshError) {
    const body: ErrorBody = {
      error: { code: err.code, message: err.message, ...(err instanceof ValidationError ? { violations: err.violations } : {}) },
    };
    return { status: STATUS[err.code], body };
  }
  const body: ErrorBody = { error: { code: 'ERR_INTERNAL', message: errorMessage(err) } };
  return { status: 500, body };
}
