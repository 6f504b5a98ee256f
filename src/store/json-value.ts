/**
 * Stored values are plain JSON. Every backend encodes a value once on the way in and hands out
 * deep-frozen copies on the way out, so no caller can change the store's state by mutating what it
 * wrote or what it read.
 */
import { ValidationError } from '../core/errors.js';

/** Serialises `value` for storage; a value JSON cannot hold (undefined, a function, a cycle, a BigInt) is a ValidationError. */
export function encodeValue(kind: string, key: string, value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (err) {
    throw new ValidationError([{ field: 'value', message: `is not JSON-serialisable (${(err as Error).message})` }], {
      subject: `store object ${kind} ${key}`,
      cause: err,
    });
  }
  if (json === undefined) {
    throw new ValidationError([{ field: 'value', message: `must be a JSON value, got ${typeof value}` }], {
      subject: `store object ${kind} ${key}`,
    });
  }
  return json;
}

/** Freezes `value` and everything reachable from it; returns it. Meant for freshly parsed JSON (no cycles). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

/** Parses stored JSON into a deep-frozen value. */
export function decodeFrozen<T>(json: string): T {
  return deepFreeze(JSON.parse(json) as T);
}
