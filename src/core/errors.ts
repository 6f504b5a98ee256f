/**
 * One error hierarchy for all of Meshwork, with stable codes.
 *
 * Lower layers throw these; each edge (App Mesh REST API, Cloud Map API, CLI, proxy) maps them to its
 * outside form exactly once (AWS exception names, DNS rcodes, Envoy response flags, exit codes).
 * Classify errors by type or `code`, never by message.
 */

export type ErrorCode =
  | 'ERR_VALIDATION'
  | 'ERR_BAD_REQUEST'
  | 'ERR_NOT_FOUND'
  | 'ERR_ALREADY_EXISTS'
  | 'ERR_CONFLICT'
  | 'ERR_IN_USE'
  | 'ERR_LIMIT'
  | 'ERR_FORBIDDEN'
  | 'ERR_UNAVAILABLE'
  | 'ERR_TIMEOUT'
  | 'ERR_INTERNAL';

/** A reference to one resource, used in messages: `VirtualNode not found: mesh=webapp name=green-v1_green`. */
export interface ResourceRef {
  readonly kind: string;
  readonly name: string;
  readonly mesh?: string;
  /** Parent resource name for Route (virtual router) and GatewayRoute (virtual gateway). */
  readonly parent?: string;
}

export function describeRef(ref: ResourceRef): string {
  const parts: string[] = [];
  if (ref.mesh !== undefined) parts.push(`mesh=${ref.mesh}`);
  if (ref.parent !== undefined) parts.push(`parent=${ref.parent}`);
  parts.push(`name=${ref.name}`);
  return `${ref.kind} ${parts.join(' ')}`;
}

export abstract class MeshError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem with an input, located by its field path (`spec.listeners[0].portMapping.port`). */
export interface Violation {
  readonly field: string;
  readonly message: string;
  /** Where the field came from, when the input was a file: `examples/webapp/mesh.yaml:12`. */
  readonly source?: { readonly file: string; readonly line: number };
}

export function formatViolation(v: Violation): string {
  const where = v.source ? `${v.source.file}:${v.source.line}: ` : '';
  return `${where}${v.field === '' ? '' : `${v.field}: `}${v.message}`;
}

/** Input that is well-formed but breaks the model's rules; carries every violation found. */
export class ValidationError extends MeshError {
  override readonly code = 'ERR_VALIDATION';
  readonly violations: readonly Violation[];
  constructor(violations: readonly Violation[], options?: ErrorOptions & { subject?: string }) {
    const head = options?.subject ? `invalid ${options.subject}: ` : '';
    super(head + violations.map(formatViolation).join('; '), options);
    this.violations = violations;
  }
}

/** Input that could not be read at all: malformed JSON or YAML, a wrong content type, an oversized body. */
export class BadRequestError extends MeshError {
  override readonly code = 'ERR_BAD_REQUEST';
}

export class NotFoundError extends MeshError {
  override readonly code = 'ERR_NOT_FOUND';
  readonly ref: ResourceRef | undefined;
  constructor(refOrMessage: ResourceRef | string, options?: ErrorOptions) {
    super(typeof refOrMessage === 'string' ? refOrMessage : `${describeRef(refOrMessage)} not found`, options);
    this.ref = typeof refOrMessage === 'string' ? undefined : refOrMessage;
  }
}

export class AlreadyExistsError extends MeshError {
  override readonly code = 'ERR_ALREADY_EXISTS';
  readonly ref: ResourceRef | undefined;
  constructor(refOrMessage: ResourceRef | string, options?: ErrorOptions) {
    super(typeof refOrMessage === 'string' ? refOrMessage : `${describeRef(refOrMessage)} already exists`, options);
    this.ref = typeof refOrMessage === 'string' ? undefined : refOrMessage;
  }
}

/** Optimistic-concurrency failure or a reused idempotency token with a different request. */
export class ConflictError extends MeshError {
  override readonly code = 'ERR_CONFLICT';
}

/** A delete refused because other resources still refer to the target. */
export class InUseError extends MeshError {
  override readonly code = 'ERR_IN_USE';
  readonly ref: ResourceRef;
  readonly dependents: readonly ResourceRef[];
  constructor(ref: ResourceRef, dependents: readonly ResourceRef[], options?: ErrorOptions) {
    super(`${describeRef(ref)} is in use by ${dependents.map(describeRef).join(', ')}`, options);
    this.ref = ref;
    this.dependents = dependents;
  }
}

export class LimitError extends MeshError {
  override readonly code = 'ERR_LIMIT';
}

export class ForbiddenError extends MeshError {
  override readonly code = 'ERR_FORBIDDEN';
}

export class UnavailableError extends MeshError {
  override readonly code = 'ERR_UNAVAILABLE';
}

export class TimeoutError extends MeshError {
  override readonly code = 'ERR_TIMEOUT';
}

export class InternalError extends MeshError {
  override readonly code = 'ERR_INTERNAL';
}

/** Walks `err` and its `cause` chain for the first error of the given class. */
export function findCause<T extends Error>(err: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 32; depth++) {
    if (current instanceof type) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

export function isNotFound(err: unknown): err is NotFoundError {
  return err instanceof NotFoundError;
}

/** A printable message for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
