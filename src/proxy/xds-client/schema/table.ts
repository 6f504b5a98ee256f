/**
 * Message tables: the shape of a protobuf message as data (field number → name, kind, repetition,
 * oneof group, nested table), for the few hundred fields of the xDS resources the proxy reads. One
 * generic decoder (table-decoder.ts) walks any of them. Only the fields listed are decoded; every other
 * field is skipped, as protobuf skips unknown fields.
 */

export type ScalarKind = 'string' | 'bool' | 'uint32' | 'int32' | 'int64' | 'uint64' | 'double' | 'bytes';

export type FieldSpec =
  | { readonly name: string; readonly kind: ScalarKind; readonly repeated?: boolean; readonly oneof?: string }
  | { readonly name: string; readonly kind: 'enum'; readonly values: readonly string[] | Readonly<Record<number, string>>; readonly repeated?: boolean; readonly oneof?: string }
  | { readonly name: string; readonly kind: 'message'; readonly table: MessageTable | (() => MessageTable); readonly repeated?: boolean; readonly oneof?: string }
  /** A google.protobuf.Any: decoded when its type has a table, else kept as `{ type_url, value }`. */
  | { readonly name: string; readonly kind: 'any'; readonly repeated?: boolean; readonly oneof?: string }
  /** map<string, V>: V a message (table) or an Any. */
  | { readonly name: string; readonly kind: 'map'; readonly value: { readonly kind: 'any' } | { readonly kind: 'message'; readonly table: MessageTable | (() => MessageTable) }; readonly repeated?: undefined }
  /** A oneof member whose value the proxy never reads: only the oneof's virtual field names it. */
  | { readonly name: string; readonly kind: 'opaque'; readonly oneof: string; readonly repeated?: undefined };

export interface MessageTable {
  /** The message's full name, `envoy.config.listener.v3.Listener`. */
  readonly name: string;
  readonly fields: Readonly<Record<number, FieldSpec>>;
}

export const table = (name: string, fields: Readonly<Record<number, FieldSpec>>): MessageTable => ({ name, fields });

type Opts = { readonly repeated?: boolean; readonly oneof?: string };
const scalar = (kind: ScalarKind) => (name: string, o: Opts = {}): FieldSpec => ({ name, kind, ...o });

/** Field constructors, so the tables read as the .proto files do. */
export const f = {
  string: scalar('string'),
  bool: scalar('bool'),
  uint32: scalar('uint32'),
  int32: scalar('int32'),
  int64: scalar('int64'),
  uint64: scalar('uint64'),
  double: scalar('double'),
  bytes: scalar('bytes'),
  enum: (name: string, values: readonly string[] | Readonly<Record<number, string>>, o: Opts = {}): FieldSpec => ({ name, kind: 'enum', values, ...o }),
  message: (name: string, t: MessageTable | (() => MessageTable), o: Opts = {}): FieldSpec => ({ name, kind: 'message', table: t, ...o }),
  any: (name: string, o: Opts = {}): FieldSpec => ({ name, kind: 'any', ...o }),
  mapOfAny: (name: string): FieldSpec => ({ name, kind: 'map', value: { kind: 'any' } }),
  opaque: (name: string, oneof: string): FieldSpec => ({ name, kind: 'opaque', oneof }),
};
