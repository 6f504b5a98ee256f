/**
 * Checks every backend applies to a write before it changes anything: well-formed names, a sane
 * expected version, and the optimistic-concurrency rule of `WriteOptions.expectedVersion`.
 */
import { ConflictError, ValidationError } from '../core/errors.js';
import type { StoredObject, WriteOptions } from './store.js';

/** Kinds and keys are non-empty strings. */
export function checkName(kind: unknown, key: unknown): void {
  const violations = [];
  if (typeof kind !== 'string' || kind === '') violations.push({ field: 'kind', message: 'must be a non-empty string' });
  if (typeof key !== 'string' || key === '') violations.push({ field: 'key', message: 'must be a non-empty string' });
  if (violations.length > 0) throw new ValidationError(violations, { subject: 'store write' });
}

/** Throws ConflictError when `current` does not match `options.expectedVersion` (0 = must not exist). */
export function checkExpectedVersion(kind: string, key: string, current: StoredObject | undefined, options: WriteOptions | undefined): void {
  const expected = options?.expectedVersion;
  if (expected === undefined) return;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new ValidationError([{ field: 'expectedVersion', message: `must be an integer >= 0, got ${String(expected)}` }], {
      subject: `store write ${kind} ${key}`,
    });
  }
  if (expected === 0 && current !== undefined) {
    throw new ConflictError(`${kind} ${key} already exists (at version ${current.version}); expected it not to exist`);
  }
  if (expected > 0 && current === undefined) {
    throw new ConflictError(`${kind} ${key} does not exist; expected version ${expected}`);
  }
  if (expected > 0 && current !== undefined && current.version !== expected) {
    throw new ConflictError(`${kind} ${key} is at version ${current.version}; expected version ${expected}`);
  }
}

/** A revision given by a caller: an integer >= 0. */
export function checkRevision(field: string, revision: number): void {
  if (!Number.isSafeInteger(revision) || revision < 0) {
    throw new ValidationError([{ field, message: `must be an integer >= 0, got ${String(revision)}` }], { subject: 'store change feed' });
  }
}
