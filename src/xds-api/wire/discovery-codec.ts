/**
 * DiscoveryRequest and DiscoveryResponse (envoy.service.discovery.v3) encoded and decoded by hand, for
 * the proxy's ADS client: no reflection, no generated code. Requests carry version_info, node (id,
 * cluster, metadata as a google.protobuf.Struct, user agent), resource_names, type_url, response_nonce
 * and error_detail (google.rpc.Status code and message); responses give version_info, type_url, nonce
 * and each resource as an encoded Any. Pure; tested against protobufjs in discovery-codec.test.ts.
 */
import { fromStruct, type JsonValue, type ProtoStruct } from '../well-known.js';
import { LEN, ProtoWriter, WireReader } from './proto-wire.js';

/** The gRPC method path of SotW ADS. */
export const ADS_METHOD_PATH = '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources';

/** The Node fields a proxy sends (envoy.config.core.v3.Node). */
export interface WireNode {
  readonly id?: string;
  readonly cluster?: string;
  readonly metadata?: ProtoStruct | null;
  readonly user_agent_name?: string;
  readonly user_agent_version?: string;
}

export interface WireDiscoveryRequest {
  readonly version_info: string;
  readonly node?: WireNode;
  readonly resource_names: readonly string[];
  readonly type_url: string;
  readonly response_nonce: string;
  /** google.rpc.Status of a NACK. */
  readonly error_detail?: { readonly code: number; readonly message: string };
}

/** An encoded google.protobuf.Any. */
export interface WireAny {
  readonly type_url: string;
  readonly value: Uint8Array;
}

export interface WireDiscoveryResponse {
  readonly version_info: string;
  readonly resources: WireAny[];
  readonly type_url: string;
  readonly nonce: string;
}

/** google.protobuf.Value: null_value 1, number_value 2, string_value 3, bool_value 4, struct_value 5, list_value 6. */
function jsonValue(v: JsonValue): ProtoWriter {
  const w = new ProtoWriter();
  if (v === null) return w.varint(1, 0);
  if (typeof v === 'number') return w.double(2, v);
  if (typeof v === 'string') return w.bytes(3, Buffer.from(v, 'utf8'));
  if (typeof v === 'boolean') return w.varint(4, v ? 1 : 0);
  if (Array.isArray(v)) return w.message(6, v.reduce((list, item) => list.message(1, jsonValue(item)), new ProtoWriter()));
  return w.message(5, jsonStruct(v));
}

/** google.protobuf.Struct: map<string, Value> fields = 1, each entry { key = 1, value = 2 }. */
function jsonStruct(o: { [k: string]: JsonValue }): ProtoWriter {
  const w = new ProtoWriter();
  for (const [k, v] of Object.entries(o)) w.message(1, new ProtoWriter().string(1, k).message(2, jsonValue(v)));
  return w;
}

function node(n: WireNode): ProtoWriter {
  const w = new ProtoWriter().string(1, n.id ?? '').string(2, n.cluster ?? '');
  if (n.metadata) w.message(3, jsonStruct(fromStruct(n.metadata)));
  return w.string(6, n.user_agent_name ?? '').string(7, n.user_agent_version ?? '');
}

export function encodeDiscoveryRequest(r: WireDiscoveryRequest): Buffer {
  const w = new ProtoWriter().string(1, r.version_info);
  if (r.node) w.message(2, node(r.node));
  for (const name of r.resource_names) w.bytes(3, Buffer.from(name, 'utf8'));
  w.string(4, r.type_url).string(5, r.response_nonce);
  if (r.error_detail) w.message(6, new ProtoWriter().int32(1, r.error_detail.code).string(2, r.error_detail.message));
  return w.finish();
}

/** Reads an encoded google.protobuf.Any (type_url = 1, value = 2); the value is a sub-array of `buf`. */
export function readAny(buf: Uint8Array): WireAny {
  let typeUrl = '';
  let value: Uint8Array = new Uint8Array(0);
  const r = new WireReader(buf);
  while (!r.done()) {
    const tag = r.next();
    if (tag === (1 << 3) + LEN) typeUrl = r.string();
    else if (tag === (2 << 3) + LEN) value = r.bytes();
    else r.skip(tag & 7);
  }
  return { type_url: typeUrl, value };
}

/** Reads a DiscoveryResponse; resources stay encoded (sub-arrays of `buf`). Throws RangeError when malformed. */
export function decodeDiscoveryResponse(buf: Uint8Array): WireDiscoveryResponse {
  let version = '';
  let typeUrl = '';
  let nonce = '';
  const resources: WireAny[] = [];
  const r = new WireReader(buf);
  while (!r.done()) {
    const tag = r.next();
    switch (tag) {
      case (1 << 3) + LEN:
        version = r.string();
        break;
      case (2 << 3) + LEN:
        resources.push(readAny(r.bytes()));
        break;
      case (4 << 3) + LEN:
        typeUrl = r.string();
        break;
      case (5 << 3) + LEN:
        nonce = r.string();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  return { version_info: version, resources, type_url: typeUrl, nonce };
}
