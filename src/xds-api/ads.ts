/**
 * The ADS service (envoy.service.discovery.v3.AggregatedDiscoveryService) for grpc-js servers and clients.
 *
 * Messages use the same conversion as grpc-js-xds (keepCase, longs and enums as strings, defaults,
 * oneofs). `DiscoveryResponse.resources` are encoded Anys: build them with `encodeAny`, read them with
 * `decodeAny`. A server may write a response it encoded already (a Buffer) instead of an object.
 */
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import type { DiscoveryRequest, DiscoveryRequest__Output } from '@grpc/grpc-js-xds/build/src/generated/envoy/service/discovery/v3/DiscoveryRequest.js';
import type { DiscoveryResponse, DiscoveryResponse__Output } from '@grpc/grpc-js-xds/build/src/generated/envoy/service/discovery/v3/DiscoveryResponse.js';
import { envoyRoot } from './protos.js';
import { forEachField } from './wire/proto-wire.js';

export type { DiscoveryRequest, DiscoveryRequest__Output, DiscoveryResponse, DiscoveryResponse__Output };
import type { Node as GeneratedNode } from '@grpc/grpc-js-xds/build/src/generated/envoy/config/core/v3/Node.js';
import type { ProtoStruct } from './well-known.js';

/**
 * The xDS Node. `metadata` is typed as it travels with keepCase (`string_value`, …); the generated
 * google.protobuf types use camelCase names that do not match the wire objects.
 */
export type Node = Omit<GeneratedNode, 'metadata'> & { metadata?: ProtoStruct };

export { ADS_METHOD_PATH } from './wire/discovery-codec.js';

type AdsClientConstructor = new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions) => unknown;

interface AdsPackage {
  service: grpc.ServiceDefinition;
  Client: AdsClientConstructor;
}

let loaded: AdsPackage | undefined;

/** Messages as grpc-js-xds converts them: no `json`, so resources stay encoded Anys ({ type_url, value }). */
const MESSAGE_OPTIONS: protobuf.IConversionOptions = { longs: String, enums: String, defaults: true, oneofs: true };

function codec(name: string) {
  const type = envoyRoot().lookupType(name);
  return {
    serialize: (value: object): Buffer => Buffer.from(type.encode(type.fromObject(value)).finish()),
    deserialize: (bytes: Buffer): object => type.toObject(type.decode(bytes), MESSAGE_OPTIONS),
  };
}

/** A response codec that writes an already-encoded message (a Buffer, see PreparedResponse) as it is. */
function passThrough(c: ReturnType<typeof codec>): ReturnType<typeof codec> {
  return { serialize: (value: object) => (Buffer.isBuffer(value) ? value : c.serialize(value)), deserialize: c.deserialize };
}

function method(name: string, request: string, response: string): grpc.MethodDefinition<object, object> {
  const req = codec(`envoy.service.discovery.v3.${request}`);
  const res = passThrough(codec(`envoy.service.discovery.v3.${response}`));
  return {
    path: `/envoy.service.discovery.v3.AggregatedDiscoveryService/${name}`,
    requestStream: true,
    responseStream: true,
    requestSerialize: req.serialize,
    requestDeserialize: req.deserialize,
    responseSerialize: res.serialize,
    responseDeserialize: res.deserialize,
    originalName: name.charAt(0).toLowerCase() + name.slice(1),
  };
}

/** Built from the shared Envoy Root (one copy of the protos in memory, not a second proto-loader one). */
function load(): AdsPackage {
  if (loaded) return loaded;
  const service: grpc.ServiceDefinition = {
    StreamAggregatedResources: method('StreamAggregatedResources', 'DiscoveryRequest', 'DiscoveryResponse'),
    DeltaAggregatedResources: method('DeltaAggregatedResources', 'DeltaDiscoveryRequest', 'DeltaDiscoveryResponse'),
  };
  loaded = { service, Client: grpc.makeGenericClientConstructor(service, 'AggregatedDiscoveryService') as unknown as AdsClientConstructor };
  return loaded;
}

/** The service definition to pass to `grpc.Server#addService`. */
export function adsServiceDefinition(): grpc.ServiceDefinition {
  return load().service;
}

/** The ADS client as used with wire-form (keepCase) node metadata. */
export interface AdsGrpcClient {
  StreamAggregatedResources(options?: grpc.CallOptions): AdsClientStream;
  close(): void;
}

let requestType: protobuf.Type | undefined;

/**
 * Decodes a DiscoveryRequest as a grpc-js server would receive it (AdsRequest__Output); throws on
 * malformed bytes. The top-level fields are walked first: protobufjs cuts a string that runs past the
 * end of the message short instead of refusing it.
 */
export function decodeDiscoveryRequest(bytes: Uint8Array): AdsRequest__Output {
  forEachField(bytes, () => undefined);
  requestType ??= envoyRoot().lookupType('envoy.service.discovery.v3.DiscoveryRequest');
  return requestType.toObject(requestType.decode(bytes), MESSAGE_OPTIONS) as AdsRequest__Output;
}

/** A client for the ADS service at `address` (`host:port`). */
export function createAdsClient(address: string, credentials = grpc.credentials.createInsecure(), options?: grpc.ClientOptions): AdsGrpcClient {
  return new (load().Client)(address, credentials, options) as unknown as AdsGrpcClient;
}

/** A DiscoveryRequest as written by a client, with `node.metadata` in wire (keepCase) form. */
export type AdsRequest = Omit<DiscoveryRequest, 'node'> & { node?: Node | null };
/** A DiscoveryRequest as a server receives it; read `node.metadata` with nodeMetadataFromStruct. */
export type AdsRequest__Output = Omit<DiscoveryRequest__Output, 'node'> & { node: (Omit<NonNullable<DiscoveryRequest__Output['node']>, 'metadata'> & { metadata: ProtoStruct | null }) | null };

/**
 * The server-side stream type of StreamAggregatedResources. It writes DiscoveryResponse objects, or
 * Buffers holding an encoded DiscoveryResponse (PreparedResponse#withNonce), which go out as they are.
 */
export type AdsServerStream = grpc.ServerDuplexStream<AdsRequest__Output, DiscoveryResponse | Buffer>;
/** The client-side stream type of StreamAggregatedResources. */
export type AdsClientStream = grpc.ClientDuplexStream<AdsRequest, DiscoveryResponse__Output>;
