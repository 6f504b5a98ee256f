/**
 * google.protobuf.Struct and Duration in the plain-object form protobufjs uses with our options:
 * Struct is `{ fields: { k: { kind: 'stringValue', stringValue: 'x' } } }` (camelCase, see ProtoValue), Duration is
 * `{ seconds: '1', nanos: 0 }` (seconds as a string because longs are strings).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/**
 * A google.protobuf.Value as it travels. protobufjs defines the well-known Struct types itself, with
 * camelCase member names (`stringValue`), even when everything else keeps proto case; so that is the
 * form written. Both spellings are read.
 */
export interface ProtoValue {
  kind?: string;
  nullValue?: unknown;
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: ProtoStruct | null;
  listValue?: { values?: ProtoValue[] } | null;
  null_value?: unknown;
  number_value?: number;
  string_value?: string;
  bool_value?: boolean;
  struct_value?: ProtoStruct | null;
  list_value?: { values?: ProtoValue[] } | null;
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

const SNAKE: Readonly<Record<string, string>> = {
  nullValue: 'null_value',
  numberValue: 'number_value',
  stringValue: 'string_value',
  boolValue: 'bool_value',
  structValue: 'struct_value',
  listValue: 'list_value',
};

export function fromProtoValue(v: ProtoValue | undefined): JsonValue {
  if (v === undefined) return null;
  const raw = v.kind ?? Object.keys(v).find((k) => k.endsWith('_value') || k in SNAKE);
  const kind = raw === undefined ? undefined : (SNAKE[raw] ?? raw);
  switch (kind) {
    case 'bool_value':
      return v.boolValue ?? v.bool_value ?? false;
    case 'number_value':
      return v.numberValue ?? v.number_value ?? 0;
    case 'string_value':
      return v.stringValue ?? v.string_value ?? '';
    case 'list_value':
      return ((v.listValue ?? v.list_value)?.values ?? []).map(fromProtoValue);
    case 'struct_value':
      return fromStruct(v.structValue ?? v.struct_value ?? undefined);
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
