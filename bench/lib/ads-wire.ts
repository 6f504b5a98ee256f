/**
 * DiscoveryRequest and DiscoveryResponse (envoy.service.discovery.v3) on the wire, for the benchmark's
 * simulated proxies: requests are written field by field, responses are read only as far as a client
 * must (type URL, version, nonce, and each resource's encoded bytes). Pure; tested in ads-wire.test.ts.
 */
import { encodeMessage, type ProtoStruct } from '../../src/xds-api/index.js';
import { forEachField, ProtoWriter } from '../../src/xds-api/wire/proto-wire.js';

const STRUCT_TYPE_URL = 'type.googleapis.com/google.protobuf.Struct';

export interface WireRequest {
  /** An encoded envoy.config.core.v3.Node (first request of a stream only). */
  readonly node?: Uint8Array;
  readonly typeUrl: string;
  readonly resourceNames: readonly string[];
  readonly versionInfo: string;
  readonly responseNonce: string;
}

export function encodeDiscoveryRequest(r: WireRequest): Buffer {
  const w = new ProtoWriter().string(1, r.versionInfo);
  if (r.node) w.bytes(2, r.node);
  for (const name of r.resourceNames) w.bytes(3, Buffer.from(name, 'utf8'));
  return w.string(4, r.typeUrl).string(5, r.responseNonce).finish();
}

/** An envoy.config.core.v3.Node: id, cluster, metadata (a Struct in wire form) and user agent name. */
export function encodeNode(id: string, cluster: string, metadata: ProtoStruct, userAgentName: string): Buffer {
  const struct = encodeMessage(STRUCT_TYPE_URL, metadata as unknown as Record<string, unknown>);
  return new ProtoWriter().string(1, id).string(2, cluster).bytes(3, struct).string(6, userAgentName).finish();
}

export interface WireResponse {
  readonly versionInfo: string;
  readonly typeUrl: string;
  readonly nonce: string;
  /** Each resource's `Any.value`, still encoded. */
  readonly resources: Uint8Array[];
}

const EMPTY = new Uint8Array(0);
const text = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');

export function readDiscoveryResponse(buf: Uint8Array): WireResponse {
  let versionInfo = '';
  let typeUrl = '';
  let nonce = '';
  const resources: Uint8Array[] = [];
  forEachField(buf, (field, v) => {
    if (typeof v === 'number') return;
    if (field === 1) versionInfo = text(v);
    else if (field === 4) typeUrl = text(v);
    else if (field === 5) nonce = text(v);
    else if (field === 2) {
      let value: Uint8Array = EMPTY;
      forEachField(v, (f, b) => {
        if (f === 2 && typeof b !== 'number') value = b;
      });
      resources.push(value);
    }
  });
  return { versionInfo, typeUrl, nonce, resources };
}
