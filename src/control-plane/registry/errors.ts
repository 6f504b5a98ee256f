/**
 * The few Cloud Map errors that need more than the core hierarchy carries: the extra members AWS puts
 * on `NamespaceAlreadyExists` / `ServiceAlreadyExists` / `TooManyTagsException`, and unknown operations.
 * Not-found errors use core `NotFoundError` whose `ref.kind` names what was missing (`Namespace`,
 * `Service`, `Instance`, `Operation`, `Resource`, `CustomHealthConfig`); the error mapper turns that
 * into the Cloud Map code.
 */
import { AlreadyExistsError, BadRequestError, LimitError, type ResourceRef } from '../../core/errors.js';

export type CloudMapKind = 'Namespace' | 'Service' | 'Instance' | 'Operation' | 'Resource' | 'CustomHealthConfig';

export function cloudMapRef(kind: CloudMapKind, name: string): ResourceRef {
  return { kind, name };
}

/** A name already taken; `details` are the extra members of the AWS error (NamespaceId, ServiceArn, ...). */
export class CloudMapAlreadyExistsError extends AlreadyExistsError {
  readonly kind: 'Namespace' | 'Service';
  readonly details: Readonly<Record<string, string>>;
  constructor(kind: 'Namespace' | 'Service', name: string, details: Readonly<Record<string, string>>) {
    super(`${kind} ${name} already exists`);
    this.kind = kind;
    this.details = details;
  }
}

export class TooManyTagsError extends LimitError {
  readonly resourceName: string;
  constructor(resourceName: string, count: number, max: number) {
    super(`resource ${resourceName} would have ${count} tags; at most ${max} are allowed`);
    this.resourceName = resourceName;
  }
}

export class UnknownOperationError extends BadRequestError {}

/** Too many attributes on one service (ServiceAttributesLimitExceededException). */
export class ServiceAttributesLimitError extends LimitError {}
