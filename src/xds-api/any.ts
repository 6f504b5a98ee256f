/**
 * google.protobuf.Any <-> plain objects.
 *
 * Resources travel as plain objects with proto field names (snake_case). A nested Any (for example a
 * filter's `typed_config`) is written in proto3 JSON form: `{ "@type": "<type url>", ...fields }`.
 * `encodeAny` also accepts an already-encoded `{ type_url, value }` nested Any as it is.
 * `decodeAny` returns fields with defaults filled in, longs and enums as strings, oneofs named by a
 * virtual field (`path_specifier: 'prefix'`), bytes as Buffers and nested Any values decoded to the
 * `@type` form when their type is known (otherwise left as `{ type_url, value }`).
 */
import protobuf from 'protobufjs';
import { envoyRoot, lookupMessage, TO_OBJECT_OPTIONS } from './protos.js';
import { messageNameOf } from './type-urls.js';

/** An encoded google.protobuf.Any as grpc-js and protobufjs hand it over. */
export interface EncodedAny {
  type_url: string;
  value: Uint8Array;
}

/** A plain object decoded from a protobuf message; field names as in the .proto file. */
export type ProtoObject = Record<string, unknown>;

export class UnknownTypeUrlError extends Error {
  override readonly name = 'UnknownTypeUrlError';
  constructor(readonly typeUrl: string) {
    super(`unknown type URL ${typeUrl}`);
  }
}

function typeFor(typeUrl: string) {
  const type = lookupMessage(messageNameOf(typeUrl));
  if (!type) throw new UnknownTypeUrlError(typeUrl);
  return type;
}

/**
 * Encodes `object` as the message named by `typeUrl`. Throws a TypeError naming the field path when a
 * key is not a field of the message (a camelCase slip such as `filterChains` would otherwise be dropped
 * silently) or a value has the wrong shape.
 */
export function encodeMessage(typeUrl: string, object: ProtoObject): Uint8Array {
  const type = typeFor(typeUrl);
  checkFields(type, object, messageNameOf(typeUrl));
  return type.encode(type.fromObject(object)).finish();
}

export function encodeAny(typeUrl: string, object: ProtoObject): EncodedAny {
  return { type_url: typeUrl, value: encodeMessage(typeUrl, object) };
}

export function decodeMessage(typeUrl: string, bytes: Uint8Array): ProtoObject {
  const type = typeFor(typeUrl);
  return type.toObject(type.decode(bytes), TO_OBJECT_OPTIONS);
}

/** Decodes an Any; throws UnknownTypeUrlError for types outside the loaded protos, or a decode error. */
export function decodeAny(any: EncodedAny): ProtoObject {
  return decodeMessage(any.type_url, any.value);
}

/** `{ '@type', ...fields }` (proto3 JSON Any) → its type URL, or undefined when `value` is not one. */
export function jsonAnyTypeUrl(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const t = (value as Record<string, unknown>)['@type'];
  return typeof t === 'string' ? t : undefined;
}

function checkFields(type: protobuf.Type, object: unknown, path: string): void {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw new TypeError(`${path}: expected an object for ${type.fullName.slice(1)}`);
  }
  if (type.fullName === '.google.protobuf.Any') {
    const typeUrl = jsonAnyTypeUrl(object);
    if (typeUrl === undefined) return;
    const { '@type': _ignored, ...fields } = object as Record<string, unknown>;
    checkFields(typeFor(typeUrl), fields, `${path}(${messageNameOf(typeUrl)})`);
    return;
  }
  for (const [key, value] of Object.entries(object)) {
    const field = type.fields[key];
    if (!field) {
      if (type.oneofs?.[key]) continue; // the virtual oneof field of decoded objects
      throw new TypeError(`${path}.${key}: no such field in ${type.fullName.slice(1)}`);
    }
    const sub = field.resolve().resolvedType;
    if (!(sub instanceof protobuf.Type) || value === null || value === undefined) continue;
    if (field.map) {
      for (const [k, v] of Object.entries(value as object)) checkFields(sub, v, `${path}.${key}[${k}]`);
    } else if (field.repeated) {
      if (!Array.isArray(value)) throw new TypeError(`${path}.${key}: expected an array`);
      value.forEach((v: unknown, i) => checkFields(sub, v, `${path}.${key}[${i}]`));
    } else {
      checkFields(sub, value, `${path}.${key}`);
    }
  }
}

/** Makes sure the Root is loaded (it loads lazily); call at start-up to fail early. */
export function loadEnvoyProtos(): void {
  envoyRoot();
}
