/**
 * Building blocks for the App Mesh spec schemas: bounded strings, integers and lists whose messages
 * read well (`must be between 1 and 65535`), strict objects (unknown fields rejected), enums and the
 * API's "exactly one member" unions.
 *
 * Messages set here are final; everything else (missing fields, wrong types, unknown fields, enum
 * values) is worded by `specErrorMap` in ../validate.ts.
 */
import * as z from 'zod';

/** A string of `min..max` characters (`max` undefined = unbounded). */
export function boundedString(min: number, max?: number): z.ZodString {
  const range = max === undefined ? `at least ${min} character${min === 1 ? '' : 's'} long` : `${min} to ${max} characters long`;
  const message = min === 1 && max === undefined ? 'must not be empty' : `must be ${range}`;
  let s = z.string().min(min, { error: message });
  if (max !== undefined) s = s.max(max, { error: message });
  return s;
}

/** An integer in `min..max` (`max` undefined = no upper bound). */
export function boundedInt(min: number, max?: number): z.ZodNumber {
  const message = max === undefined ? `must be at least ${min}` : `must be between ${min} and ${max}`;
  let n = z.number().int({ error: 'must be an integer' }).min(min, { error: message });
  if (max !== undefined) n = n.max(max, { error: message });
  return n;
}

/** A list of `min..max` items (`max` undefined = unbounded). */
export function boundedList<T extends z.ZodType>(item: T, min: number, max?: number): z.ZodArray<T> {
  const message = max === undefined ? `must have at least ${min} item${min === 1 ? '' : 's'}` : `must have ${min} to ${max} items`;
  let a = z.array(item).min(min, { error: message });
  if (max !== undefined) a = a.max(max, { error: message });
  return a;
}

/** A string enum; the message lists the values sorted (`must be one of grpc, http, http2, tcp`). */
export function oneOfValues<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
  const message = `must be one of ${[...values].sort().join(', ')}`;
  return z.enum(values, { error: (issue) => (issue.input === undefined ? 'required' : message) });
}

/**
 * A union the API defines as "exactly one member": an object whose members are all optional, of which
 * exactly one must be set. Reported at the union's own path: `exactly one of dns, awsCloudMap must be set`.
 */
export function exactlyOne<S extends Record<string, z.ZodType>>(shape: S) {
  const keys = Object.keys(shape);
  const optional = Object.fromEntries(keys.map((k) => [k, z.optional(shape[k] as z.ZodType)])) as { [K in keyof S]: z.ZodOptional<S[K]> };
  return z.strictObject(optional).superRefine((value, ctx) => checkExactlyOne(ctx, value, keys));
}

export function exactlyOneMessage(keys: readonly string[]): string {
  return `exactly one of ${keys.join(', ')} must be set`;
}

/** A cross-field rule's complaint at a path relative to the object the rule is attached to. */
export function complain(ctx: z.RefinementCtx, path: readonly PropertyKey[], message: string): void {
  ctx.addIssue({ code: 'custom', message, path: [...path] });
}

/** Names of the members of `value` that are set, in `keys` order. */
export function membersSet(value: object, keys: readonly string[]): string[] {
  return keys.filter((k) => (value as Record<string, unknown>)[k] !== undefined);
}

/** Rule helper: complains (at `path`) unless exactly one of `keys` is set on `value`. */
export function checkExactlyOne(ctx: z.RefinementCtx, value: object, keys: readonly string[], path: readonly PropertyKey[] = []): void {
  if (membersSet(value, keys).length !== 1) complain(ctx, path, exactlyOneMessage(keys));
}

/** The one member of `keys` set on an already validated `value` (a route's kind, a union's member). */
export function theMember<K extends string>(value: object, keys: readonly K[]): K {
  const [member] = membersSet(value, keys) as K[];
  if (member === undefined) throw new TypeError(`none of ${keys.join(', ')} is set`);
  return member;
}
