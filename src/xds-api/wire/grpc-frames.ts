/**
 * gRPC message framing over HTTP/2 (the 5-byte length prefix of the gRPC wire protocol): one function
 * to frame a message, one incremental reader that turns DATA chunks back into messages, whatever way
 * the chunks split them. Compressed messages are refused (Meshwork never asks for compression).
 * Pure; tested in grpc-frames.test.ts.
 */

const PREFIX = 5;

/** `message` with its gRPC prefix: flag 0 (uncompressed) and the length, big-endian. */
export function grpcFrame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(PREFIX + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, PREFIX);
  return out;
}

export class GrpcDeframer {
  readonly #onMessage: (message: Buffer) => void;
  #pending: Buffer = Buffer.alloc(0);

  constructor(onMessage: (message: Buffer) => void) {
    this.#onMessage = onMessage;
  }

  /** Takes the next DATA chunk; calls onMessage for every message it completes. Throws on a compressed frame. */
  push(chunk: Buffer): void {
    let buf = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    while (buf.length >= PREFIX) {
      if (buf[0] !== 0) throw new Error(`gRPC: compressed message (flag ${buf[0]}) not supported`);
      const end = PREFIX + buf.readUInt32BE(1);
      if (buf.length < end) break;
      this.#onMessage(buf.subarray(PREFIX, end));
      buf = buf.subarray(end);
    }
    this.#pending = buf;
  }

  /** Bytes of an incomplete message held back. */
  pendingBytes(): number {
    return this.#pending.length;
  }
}
