/**
 * Readers for decoded xDS objects (the shape of protobufjs `toObject` with TO_OBJECT_OPTIONS, which the
 * proxy's table decoder in src/proxy/xds-client/schema/ produces too). Compilers use them to turn
 * loosely typed proto objects into the proxy's model, throwing ConfigError with the field path on
 * anything the proxy cannot honour; the xDS client turns that into a NACK.
 */
import { durationToMs, type ProtoDuration } from '../../xds-api/well-known.js';

export type P = Record<string, unknown>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly path: string, readonly detail: string) {
    super(`${path}: ${detail}`);
  }
}

export function obj(v: unknown): P | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) ? (v as P) : undefined;
}

export function objs(v: unknown): P[] {
  return Array.isArray(v) ? v.filter((x): x is P => obj(x) !== undefined) : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') return Number(v);
  return 0;
}

export function bool(v: unknown): boolean {
  return v === true;
}

/** google.protobuf.UInt32Value / BoolValue etc.: the wrapped value, or undefined when unset. */
export function wrapped(v: unknown): number | undefined {
  const o = obj(v);
  return o === undefined ? undefined : num(o['value']);
}

export function wrappedBool(v: unknown): boolean | undefined {
  const o = obj(v);
  return o === undefined ? undefined : o['value'] === true;
}

/** A Duration field in milliseconds, or undefined when unset. */
export function ms(v: unknown): number | undefined {
  return durationToMs((obj(v) as ProtoDuration | undefined) ?? undefined);
}

/** Which member of a oneof is set (decoded objects name it in a virtual field). */
export function oneof(o: P, name: string): string {
  return str(o[name]);
}

/** The `@type` of a nested Any in decoded form, and its fields. */
export function anyOf(v: unknown): { typeUrl: string; body: P } | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const t = o['@type'];
  if (typeof t === 'string') return { typeUrl: t, body: o };
  if (typeof o['type_url'] === 'string' && o['type_url'] !== '') return { typeUrl: o['type_url'], body: {} };
  return undefined;
}

/** A compiled regular expression (RE2 syntax is close enough to JS for the patterns routes use). */
export function regex(pattern: string, path: string, flags = ''): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, flags);
  } catch (err) {
    throw new ConfigError(path, `invalid regex '${pattern}': ${(err as Error).message}`);
  }
}
