/**
 * The Cloud Map edge's one error mapping: any error thrown while serving a request becomes the AWS
 * JSON 1.1 error `{"__type": "<Code>", "message": "…"}` with `X-Amzn-ErrorType: <Code>`. Status 400 for
 * client errors (as AWS's emulators send; the model declares none), 403 for authentication, 500 for
 * anything unexpected. Extra members (NamespaceId, ServiceId, ResourceName, …) ride along in the body.
 */
import { randomUUID } from 'node:crypto';
import {
  AlreadyExistsError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  InUseError,
  LimitError,
  NotFoundError,
  UnavailableError,
  ValidationError,
  errorMessage,
} from '../../core/errors.js';
import type { HttpResponse } from '../http/router.js';
import { BodyTooLargeError } from '../http/server.js';
import { CloudMapAlreadyExistsError, ServiceAttributesLimitError, TooManyTagsError, UnknownOperationError } from './errors.js';

export const AMZ_JSON_11 = 'application/x-amz-json-1.1';

interface MappedError {
  readonly status: number;
  readonly code: string;
  readonly extra?: Readonly<Record<string, string>>;
}

const NOT_FOUND_CODES: Readonly<Record<string, string>> = {
  Namespace: 'NamespaceNotFound',
  Service: 'ServiceNotFound',
  Instance: 'InstanceNotFound',
  Operation: 'OperationNotFound',
  Resource: 'ResourceNotFoundException',
  CustomHealthConfig: 'CustomHealthNotFound',
};

function classify(err: unknown): MappedError {
  if (err instanceof UnknownOperationError) return { status: 400, code: 'UnknownOperationException' };
  if (err instanceof ValidationError) return { status: 400, code: 'InvalidInput' };
  if (err instanceof BadRequestError) return { status: 400, code: 'SerializationException' };
  if (err instanceof NotFoundError) return { status: 400, code: NOT_FOUND_CODES[err.ref?.kind ?? ''] ?? 'ResourceNotFoundException' };
  if (err instanceof CloudMapAlreadyExistsError) {
    return { status: 400, code: `${err.kind}AlreadyExists`, extra: err.details };
  }
  if (err instanceof AlreadyExistsError) return { status: 400, code: 'InvalidInput' };
  if (err instanceof InUseError) return { status: 400, code: 'ResourceInUse' };
  if (err instanceof TooManyTagsError) return { status: 400, code: 'TooManyTagsException', extra: { ResourceName: err.resourceName } };
  if (err instanceof ServiceAttributesLimitError) return { status: 400, code: 'ServiceAttributesLimitExceededException' };
  if (err instanceof BodyTooLargeError) return { status: 413, code: 'RequestEntityTooLargeException' };
  if (err instanceof LimitError) return { status: 400, code: 'ResourceLimitExceeded' };
  if (err instanceof ConflictError) return { status: 400, code: 'DuplicateRequest' };
  if (err instanceof ForbiddenError) return { status: 403, code: 'AccessDeniedException' };
  if (err instanceof UnavailableError) return { status: 503, code: 'ServiceUnavailable' };
  return { status: 500, code: 'InternalFailure' };
}

export function mapCloudMapError(err: unknown): HttpResponse {
  const { status, code, extra } = classify(err);
  const message = status === 500 ? 'internal failure' : errorMessage(err);
  return {
    status,
    headers: { 'content-type': AMZ_JSON_11, 'x-amzn-errortype': code, 'x-amzn-requestid': randomUUID() },
    body: { __type: code, message, ...extra },
  };
}
