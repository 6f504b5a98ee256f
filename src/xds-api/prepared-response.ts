/**
 * A DiscoveryResponse encoded once and sent to many streams. Every stream that receives the same
 * resources at the same version gets the same bytes except the nonce, so the body (version_info,
 * resources, type_url, control_plane) is encoded once and `withNonce` appends the nonce field by hand:
 * protobuf lets a message's fields come in any order, so body + field 5 decodes as the whole response.
 * A push to a stream is then one small copy; `adsServiceDefinition` writes such a Buffer as it is.
 */
import type protobuf from 'protobufjs';
import type { DiscoveryResponse } from './ads.js';
import { envoyRoot } from './protos.js';

const NONCE_TAG = (5 << 3) | 2; // field 5 (nonce), length-delimited
const GRPC_PREFIX = 5; // flag byte + big-endian length

const ASCII = /^[\x20-\x7e]*$/;
let responseType: protobuf.Type | undefined;

function discoveryResponseType(): protobuf.Type {
  responseType ??= envoyRoot().lookupType('envoy.service.discovery.v3.DiscoveryResponse');
  return responseType;
}

/** Encodes a DiscoveryResponse object (grpc-js's serializer for the objects ADS servers write). */
export function encodeDiscoveryResponse(r: DiscoveryResponse): Buffer {
  const type = discoveryResponseType();
  return Buffer.from(type.encode(type.fromObject(r)).finish());
}

export class PreparedResponse {
  readonly #body: Buffer;

  /** `response` must not carry a nonce: each stream's own is added by `withNonce`. */
  constructor(response: Omit<DiscoveryResponse, 'nonce'>) {
    this.#body = encodeDiscoveryResponse(response);
  }

  /** The encoded response with `nonce` (printable ASCII, shorter than 128 bytes, as the server's counters are). */
  withNonce(nonce: string): Buffer {
    return this.#encode(nonce, 0);
  }

  /**
   * The same bytes as one gRPC message (the 5-byte prefix of grpc-frames.ts in front), built in one
   * allocation: what a gRPC server on node:http2 writes as it is.
   */
  grpcFramedWithNonce(nonce: string): Buffer {
    const out = this.#encode(nonce, GRPC_PREFIX);
    out[0] = 0;
    out.writeUInt32BE(out.length - GRPC_PREFIX, 1);
    return out;
  }

  #encode(nonce: string, headroom: number): Buffer {
    if (nonce.length >= 128 || !ASCII.test(nonce)) throw new RangeError(`nonce '${nonce}': expected at most 127 printable ASCII characters`);
    const out = Buffer.allocUnsafe(headroom + this.#body.length + 2 + nonce.length);
    this.#body.copy(out, headroom);
    let at = headroom + this.#body.length;
    out[at++] = NONCE_TAG;
    out[at++] = nonce.length;
    out.write(nonce, at, 'latin1');
    return out;
  }
}
