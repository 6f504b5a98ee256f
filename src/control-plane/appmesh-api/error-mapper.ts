/**
 * The App Mesh API's one error edge: every failure becomes an AWS-shaped error response with the
 * exception name in `x-amzn-ErrorType`, a `{"message": …}` body and the exception's HTTP status.
 */
import { LimitError, MeshError, errorMessage, findCause } from '../../core/errors.js';
import type { HttpResponse } from '../http/router.js';
import { BodyTooLargeError } from '../http/server.js';
import type { Logger } from '../../core/log.js';
import { requestIdHeaders } from './respond.js';

export type AppMeshException =
  | 'BadRequestException'
  | 'NotFoundException'
  | 'ConflictException'
  | 'ResourceInUseException'
  | 'LimitExceededException'
  | 'TooManyTagsException'
  | 'ForbiddenException'
  | 'ServiceUnavailableException'
  | 'InternalServerErrorException';

const STATUS: Readonly<Record<AppMeshException, number>> = {
  BadRequestException: 400,
  NotFoundException: 404,
  ConflictException: 409,
  ResourceInUseException: 409,
  LimitExceededException: 400,
  TooManyTagsException: 400,
  ForbiddenException: 403,
  ServiceUnavailableException: 503,
  InternalServerErrorException: 500,
};

/** A tag limit hit (more than 50 tags on a resource): TooManyTagsException rather than LimitExceededException. */
export class TooManyTagsError extends LimitError {}

/** Unknown operation paths and methods, answered outside the modelled exceptions (see docs/compatibility.md). */
export function errorResponse(exception: string, status: number, message: string, extra: Record<string, string> = {}): HttpResponse {
  return { status, headers: { ...requestIdHeaders(), 'x-amzn-ErrorType': exception, ...extra }, body: { message } };
}

function exceptionFor(err: MeshError): AppMeshException {
  if (err instanceof TooManyTagsError) return 'TooManyTagsException';
  if (err instanceof BodyTooLargeError) return 'BadRequestException';
  switch (err.code) {
    case 'ERR_VALIDATION':
    case 'ERR_BAD_REQUEST':
      return 'BadRequestException';
    case 'ERR_NOT_FOUND':
      return 'NotFoundException';
    case 'ERR_ALREADY_EXISTS':
    case 'ERR_CONFLICT':
      return 'ConflictException';
    case 'ERR_IN_USE':
      return 'ResourceInUseException';
    case 'ERR_LIMIT':
      return 'LimitExceededException';
    case 'ERR_FORBIDDEN':
      return 'ForbiddenException';
    case 'ERR_UNAVAILABLE':
    case 'ERR_TIMEOUT':
      return 'ServiceUnavailableException';
    case 'ERR_INTERNAL':
      return 'InternalServerErrorException';
    default: {
      const never: never = err.code;
      return never;
    }
  }
}

/** Maps any thrown value to the App Mesh error response; unexpected errors are logged and answered 500. */
export function createErrorMapper(log: Logger): (err: unknown) => HttpResponse {
  return (err) => {
    const meshError = findCause(err, MeshError);
    if (!meshError) {
      log.error(`unexpected error in the App Mesh API: ${errorMessage(err)}`);
      return errorResponse('InternalServerErrorException', 500, 'internal error; the control plane log has the details');
    }
    const exception = exceptionFor(meshError);
    return errorResponse(exception, STATUS[exception], meshError.message);
  };
}
