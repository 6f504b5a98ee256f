/**
 * The one generic protobuf decoder over message tables (table.ts). It produces the plain objects the
 * proxy's compilers read, in the shape protobufjs `toObject` gives with TO_OBJECT_OPTIONS: proto field
 * names, defaults filled for the fields in the table (message fields null), enums as names, 64-bit
 * integers as decimal strings, a oneof named by a virtual field (`path_specifier: 'prefix'`), a nested
 * Any as `{ '@type': url, ...fields }` when its type has a table, else left as
 * `{ type_url, value }`. Fields not in a table are skipped. Pure; throws RangeError on malformed input.
 */
import { readAny } from '../../../xds-api/wire/discovery-codec.js';
import { I64, int64String, LEN, VARINT, WireReader } from '../../../xds-api/wire/proto-wire.js';
import type { FieldSpec, MessageTable, ScalarKind } from './table.js';

export type Decoded = Record<string, unknown>;

/** Looks a message table up by full name (for Any). */
export type TableLookup = (fullName: string) => MessageTable | undefined;

const resolve = (t: MessageTable | (() => MessageTable)): MessageTable => (typeof t === 'function' ? t() : t);

function scalarDefault(kind: ScalarKind): unknown {
  switch (kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int64':
    case 'uint64':
      return '0';
    case 'bytes':
      return Buffer.alloc(0);
    case 'uint32':
    case 'int32':
    case 'double':
      return 0;
  }
}

function defaultOf(spec: FieldSpec): unknown {
  if (spec.kind === 'map') return {};
  if ('repeated' in spec && spec.repeated) return [];
  switch (spec.kind) {
    case 'enum':
      return enumName(spec.values, 0);
    case 'message':
    case 'any':
    case 'opaque':
      return null;
    default:
      return scalarDefault(spec.kind);
  }
}

function enumName(values: readonly string[] | Readonly<Record<number, string>>, n: number): string | number {
  return (values as Readonly<Record<number, string>>)[n] ?? n;
}

function wireTypeOf(spec: FieldSpec): number {
  switch (spec.kind) {
    case 'double':
      return I64;
    case 'bool':
    case 'uint32':
    case 'int32':
    case 'int64':
    case 'uint64':
    case 'enum':
      return VARINT;
    default:
      return LEN;
  }
}

export class TableDecoder {
  readonly #lookup: TableLookup;
  constructor(lookup: TableLookup) {
    this.#lookup = lookup;
  }

  decode(t: MessageTable, buf: Uint8Array): Decoded {
    const out: Decoded = {};
    for (const spec of Object.values(t.fields)) if (!('oneof' in spec && spec.oneof)) out[spec.name] = defaultOf(spec);
    const r = new WireReader(buf);
    while (!r.done()) {
      const tag = r.next();
      const spec = t.fields[tag >>> 3];
      const wireType = tag & 7;
      if (!spec) {
        r.skip(wireType);
        continue;
      }
      if (spec.kind === 'map') {
        this.#mapEntry(spec, r.bytes(), out[spec.name] as Decoded);
        continue;
      }
      const expected = wireTypeOf(spec);
      if (spec.repeated && wireType === LEN && expected !== LEN) {
        const packed = new WireReader(r.bytes());
        while (!packed.done()) (out[spec.name] as unknown[]).push(this.#value(spec, packed));
        continue;
      }
      if (wireType !== expected) throw new RangeError(`protobuf: ${t.name}.${spec.name} has wire type ${wireType}, expected ${expected}`);
      const value = this.#value(spec, r);
      if (spec.repeated) (out[spec.name] as unknown[]).push(value);
      else if (spec.kind !== 'opaque') out[spec.name] = value;
      if (spec.oneof) {
        const previous = out[spec.oneof];
        if (typeof previous === 'string' && previous !== spec.name) delete out[previous];
        out[spec.oneof] = spec.name;
      }
    }
    return out;
  }

  /** `{ '@type', ...fields }` for a type with a table, else `{ type_url, value }`. */
  any(buf: Uint8Array): Decoded {
    const { type_url: typeUrl, value } = readAny(buf);
    const t = this.#lookup(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));
    if (!t) return { type_url: typeUrl, value: Buffer.from(value) };
    return { '@type': typeUrl, ...this.decode(t, value) };
  }

  #value(spec: Exclude<FieldSpec, { kind: 'map' }>, r: WireReader): unknown {
    switch (spec.kind) {
      case 'string':
        return r.string();
      case 'bytes':
        return Buffer.from(r.bytes());
      case 'bool': {
        const [lo, hi] = r.varint64();
        return lo !== 0 || hi !== 0;
      }
      case 'uint32':
        return r.varint64()[0];
      case 'int32':
        return r.varint64()[0] | 0;
      case 'int64':
        return int64String(r.varint64(), true);
      case 'uint64':
        return int64String(r.varint64(), false);
      case 'double':
        return r.double();
      case 'enum':
        return enumName(spec.values, r.varint64()[0] | 0);
      case 'message':
        return this.decode(resolve(spec.table), r.bytes());
      case 'any':
        return this.any(r.bytes());
      case 'opaque':
        r.bytes();
        return null;
    }
  }

  #mapEntry(spec: Extract<FieldSpec, { kind: 'map' }>, buf: Uint8Array, into: Decoded): void {
    let key = '';
    let value: unknown = null;
    const r = new WireReader(buf);
    while (!r.done()) {
      const tag = r.next();
      if (tag === (1 << 3) + LEN) key = r.string();
      else if (tag === (2 << 3) + LEN) value = spec.value.kind === 'any' ? this.any(r.bytes()) : this.decode(resolve(spec.value.table), r.bytes());
      else r.skip(tag & 7);
    }
    into[key] = value;
  }
}
