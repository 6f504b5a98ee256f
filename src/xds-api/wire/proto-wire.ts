/**
 * The protobuf wire format, the parts Meshwork reads and writes by hand: a writer for requests (strings,
 * bytes, varints, doubles, nested messages), a generic field-by-field reader (WireReader) that the
 * table-driven decoder builds on, and helpers that read chosen fields of a response in place
 * (sub-arrays, no copies) without decoding whole messages. Pure; tested in proto-wire.test.ts against
 * protobufjs encodings.
 */

export const VARINT = 0;
export const I64 = 1;
export const LEN = 2;
export const I32 = 5;

/** Reads a varint at `pos`; returns [value, next position]. Values above 2^53 lose precision (not needed here). */
function varint(buf: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (pos >= buf.length) throw new RangeError('protobuf: truncated varint');
    const b = buf[pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, pos];
    scale *= 128;
  }
}

/**
 * Reads a message field by field: `next()` gives the next tag, then exactly one of the value readers
 * (or `skip`) consumes that field's value. Every reader throws RangeError on truncated input.
 */
export class WireReader {
  pos = 0;
  /** The field number of the last tag read, for error messages. */
  #field = 0;
  constructor(readonly buf: Uint8Array) {}

  done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** The next field's tag: field number `tag >>> 3`, wire type `tag & 7`. */
  next(): number {
    const [tag, pos] = varint(this.buf, this.pos);
    this.pos = pos;
    this.#field = tag >>> 3;
    return tag;
  }

  /** A varint as two 32-bit halves [low, high] (unsigned), for the 64-bit kinds. */
  varint64(): [number, number] {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new RangeError('protobuf: truncated varint');
      const b = this.buf[this.pos++]!;
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if (b < 0x80) return [lo >>> 0, hi >>> 0];
    }
    throw new RangeError('protobuf: varint longer than 10 bytes');
  }

  /** The payload of a length-delimited field, a sub-array of the input. */
  bytes(): Uint8Array {
    const [length, start] = varint(this.buf, this.pos);
    const end = start + length;
    if (end > this.buf.length) throw new RangeError(`protobuf: field ${this.#field} runs past the end of its message`);
    this.pos = end;
    return this.buf.subarray(start, end);
  }

  string(): string {
    const b = this.bytes();
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  }

  /** A fixed 64-bit field read as a little-endian double. */
  double(): number {
    if (this.pos + 8 > this.buf.length) throw new RangeError('protobuf: truncated fixed-width field');
    const v = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength).readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Skips the value of a field of `wireType`. */
  skip(wireType: number): void {
    switch (wireType) {
      case VARINT:
        this.varint64();
        return;
      case LEN:
        this.bytes();
        return;
      case I64:
      case I32:
        this.pos += wireType === I64 ? 8 : 4;
        if (this.pos > this.buf.length) throw new RangeError('protobuf: truncated fixed-width field');
        return;
      default:
        throw new RangeError(`protobuf: unsupported wire type ${wireType}`);
    }
  }
}

/** A 64-bit varint's halves as a decimal string, unsigned or two's-complement signed. */
export function int64String([lo, hi]: [number, number], signed: boolean): string {
  if (hi === 0) return String(lo);
  const v = (BigInt(hi) << 32n) | BigInt(lo);
  return (signed ? BigInt.asIntN(64, v) : v).toString();
}

/**
 * Calls `visit(field, value)` for every occurrence of a field of the message in `buf`, in wire order:
 * `value` is the payload sub-array for length-delimited fields and the number for varints. Fixed-width
 * fields are skipped. Throws RangeError on truncated or malformed input.
 */
export function forEachField(buf: Uint8Array, visit: (field: number, value: Uint8Array | number) => void): void {
  const r = new WireReader(buf);
  while (!r.done()) {
    const tag = r.next();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (wireType === VARINT) {
      const [lo, hi] = r.varint64();
      visit(field, hi * 2 ** 32 + lo);
    } else if (wireType === LEN) visit(field, r.bytes());
    else if (wireType === I64 || wireType === I32) r.skip(wireType);
    else throw new RangeError(`protobuf: unsupported wire type ${wireType} (field ${field})`);
  }
}

/** Every occurrence of a length-delimited field (a repeated message, string or bytes), in order. */
export function repeated(buf: Uint8Array, field: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  forEachField(buf, (f, v) => {
    if (f === field && typeof v !== 'number') out.push(v);
  });
  return out;
}

/** The messages reached by following `path` (field numbers) down from `buf`; repeated fields fan out. */
export function messagesAt(buf: Uint8Array, path: readonly number[]): Uint8Array[] {
  let level = [buf];
  for (const field of path) level = level.flatMap((m) => repeated(m, field));
  return level;
}

/** The last occurrence of a length-delimited field (proto3: the last one wins), or undefined. */
export function bytesField(buf: Uint8Array, field: number): Uint8Array | undefined {
  return repeated(buf, field).at(-1);
}

/** A string field; '' when absent (the proto3 default). */
export function stringField(buf: Uint8Array, field: number): string {
  const b = bytesField(buf, field);
  return b === undefined ? '' : Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
}

/** A varint field (enums, uint32); 0 when absent (the proto3 default). */
export function varintField(buf: Uint8Array, field: number): number {
  let out = 0;
  forEachField(buf, (f, v) => {
    if (f === field && typeof v === 'number') out = v;
  });
  return out;
}

function varintBytes(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** Builds a message field by field; scalar defaults (0, '', false) are left out, as proto3 encoders do. */
export class ProtoWriter {
  readonly #parts: Uint8Array[] = [];

  #tag(field: number, wireType: number, ...rest: number[]): void {
    this.#parts.push(Buffer.from([...varintBytes(field * 8 + wireType), ...rest]));
  }

  bytes(field: number, value: Uint8Array): this {
    this.#tag(field, LEN, ...varintBytes(value.length));
    this.#parts.push(value);
    return this;
  }

  /** Writes a string field; an empty string is the default and is left out, as encoders do. */
  string(field: number, value: string): this {
    return value === '' ? this : this.bytes(field, Buffer.from(value, 'utf8'));
  }

  /** A uint32, enum or non-negative int32 field. */
  uint32(field: number, value: number): this {
    return value === 0 ? this : this.varint(field, value);
  }

  /** A varint written even when 0: a set member of a oneof (`null_value`, `bool_value: false`). */
  varint(field: number, value: number): this {
    this.#tag(field, VARINT, ...varintBytes(value >>> 0));
    return this;
  }

  /** An int32 field: negative values take ten bytes (sign-extended to 64 bits), as protobuf encodes them. */
  int32(field: number, value: number): this {
    if (value >= 0) return this.uint32(field, value);
    const bytes: number[] = [];
    for (let v = BigInt.asUintN(64, BigInt(value)); ; v >>= 7n) {
      if (v < 0x80n) {
        bytes.push(Number(v));
        break;
      }
      bytes.push(Number(v & 0x7fn) | 0x80);
    }
    this.#tag(field, VARINT, ...bytes);
    return this;
  }

  bool(field: number, value: boolean): this {
    if (value) this.#tag(field, VARINT, 1);
    return this;
  }

  double(field: number, value: number): this {
    const b = Buffer.allocUnsafe(8);
    b.writeDoubleLE(value);
    this.#tag(field, I64, ...b);
    return this;
  }

  /** An embedded message, written even when empty (presence is what a message field carries). */
  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  finish(): Buffer {
    return Buffer.concat(this.#parts);
  }
}
