/**
 * google.protobuf.Struct and Duration in the plain-object form protobufjs uses with our options.
 * NOTE: protobufjs defines the well-known types itself with camelCase field names, so a Struct is
 * `{ fields: { k: { stringValue: 'x' } } }` (decoded objects add `kind: 'stringValue'`) even though
 * Envoy's own messages keep snake_case. Duration is `{ seconds: '1', nanos: 0 }` (longs are strings).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export interface ProtoValue {
  nullValue?: unknown;
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: ProtoStruct | null;
  listValue?: { values?: ProtoValue[] } | null;
}

export interface ProtoStruct {
  fields?: Record<string, ProtoValue>;
}

export function toProtoValue(v: JsonValue): ProtoValue {
  if (v === null) return { nullValue: 'NULL_VALUE' };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'string') return { stringValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(toProtoValue) } };
  return { structValue: toStruct(v) };
}

export function toStruct(obj: { [k: string]: JsonValue }): ProtoStruct {
  const fields: Record<string, ProtoValue> = {};
  for (const [k, v] of Object.entries(obj)) fields[k] = toProtoValue(v);
  return { fields };
}

export function fromProtoValue(v: ProtoValue | undefined): JsonValue {
  if (v === undefined) return null;
  const kind = (v as { kind?: string }).kind ?? Object.keys(v).find((k) => k.endsWith('Value'));
  switch (kind) {
    case 'boolValue':
      return v.boolValue ?? false;
    case 'numberValue':
      return v.numberValue ?? 0;
    case 'stringValue':
      return v.stringValue ?? '';
    case 'listValue':
      return (v.listValue?.values ?? []).map(fromProtoValue);
    case 'structValue':
      return fromStruct(v.structValue ?? undefined);
    default:
      return null;
  }
}

export function fromStruct(s: ProtoStruct | null | undefined): { [k: string]: JsonValue } {
  const out: { [k: string]: JsonValue } = {};
  for (const [k, v] of Object.entries(s?.fields ?? {})) out[k] = fromProtoValue(v);
  return out;
}

export interface ProtoDuration {
  seconds?: string | number;
  nanos?: number;
}

export function durationFromMs(ms: number): ProtoDuration {
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

/** Milliseconds, or undefined when the duration is absent (null). */
export function durationToMs(d: ProtoDuration | null | undefined): number | undefined {
  if (d === null || d === undefined) return undefined;
  return Number(d.seconds ?? 0) * 1000 + (d.nanos ?? 0) / 1e6;
}
