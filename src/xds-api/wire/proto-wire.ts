/**
 * The protobuf wire format, the parts Meshwork reads and writes by hand: write the string and bytes
 * fields of a request, and read chosen fields of a response in place (sub-arrays, no copies) without
 * decoding whole messages. Pure; tested in proto-wire.test.ts against protobufjs encodings.
 */

const LEN = 2;
const VARINT = 0;
const I64 = 1;
const I32 = 5;

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
 * Calls `visit(field, value)` for every occurrence of a field of the message in `buf`, in wire order:
 * `value` is the payload sub-array for length-delimited fields and the number for varints. Fixed-width
 * fields are skipped. Throws RangeError on truncated or malformed input.
 */
export function forEachField(buf: Uint8Array, visit: (field: number, value: Uint8Array | number) => void): void {
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = varint(buf, pos);
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    pos = afterTag;
    switch (wireType) {
      case VARINT: {
        const [v, next] = varint(buf, pos);
        visit(field, v);
        pos = next;
        break;
      }
      case LEN: {
        const [length, start] = varint(buf, pos);
        const end = start + length;
        if (end > buf.length) throw new RangeError(`protobuf: field ${field} runs past the end of its message`);
        visit(field, buf.subarray(start, end));
        pos = end;
        break;
      }
      case I64:
        pos += 8;
        break;
      case I32:
        pos += 4;
        break;
      default:
        throw new RangeError(`protobuf: unsupported wire type ${wireType} (field ${field})`);
    }
  }
  if (pos !== buf.length) throw new RangeError('protobuf: truncated fixed-width field');
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

/** Builds a message from length-delimited fields (strings, bytes, embedded messages). */
export class ProtoWriter {
  readonly #parts: Uint8Array[] = [];

  bytes(field: number, value: Uint8Array): this {
    this.#parts.push(Buffer.from([...varintBytes(field * 8 + LEN), ...varintBytes(value.length)]), value);
    return this;
  }

  /** Writes a string field; an empty string is the default and is left out, as encoders do. */
  string(field: number, value: string): this {
    return value === '' ? this : this.bytes(field, Buffer.from(value, 'utf8'));
  }

  finish(): Buffer {
    return Buffer.concat(this.#parts);
  }
}
