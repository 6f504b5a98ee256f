/**
 * The ADS service (envoy.service.discovery.v3.AggregatedDiscoveryService) for grpc-js servers and clients.
 *
 * Messages use the same conversion as grpc-js-xds (keepCase, longs and enums as strings, defaults,
 * oneofs). `DiscoveryResponse.resources` are encoded Anys: build them with `encodeAny`, read them with
 * `decodeAny`.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { AggregatedDiscoveryServiceClient } from '@grpc/grpc-js-xds/build/src/generated/envoy/service/discovery/v3/AggregatedDiscoveryService.js';
import type { DiscoveryRequest, DiscoveryRequest__Output } from '@grpc/grpc-js-xds/build/src/generated/envoy/service/discovery/v3/DiscoveryRequest.js';
import type { DiscoveryResponse, DiscoveryResponse__Output } from '@grpc/grpc-js-xds/build/src/generated/envoy/service/discovery/v3/DiscoveryResponse.js';
import { protoIncludeDirs } from './protos.js';

export type { AggregatedDiscoveryServiceClient, DiscoveryRequest, DiscoveryRequest__Output, DiscoveryResponse, DiscoveryResponse__Output };
import type { Node as GeneratedNode } from '@grpc/grpc-js-xds/build/src/generated/envoy/config/core/v3/Node.js';
import type { ProtoStruct } from './well-known.js';

/**
 * The xDS Node. `metadata` is typed as it travels with keepCase (`string_value`, …); the generated
 * google.protobuf types use camelCase names that do not match the wire objects.
 */
export type Node = Omit<GeneratedNode, 'metadata'> & { metadata?: ProtoStruct };

/** The gRPC method path of SotW ADS. */
export const ADS_METHOD_PATH = '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources';

type AdsClientConstructor = new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions) => AggregatedDiscoveryServiceClient;

interface AdsPackage {
  service: grpc.ServiceDefinition;
  Client: AdsClientConstructor;
}

let loaded: AdsPackage | undefined;

function load(): AdsPackage {
  if (loaded) return loaded;
  const definition = protoLoader.loadSync('envoy/service/discovery/v3/ads.proto', {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
    includeDirs: protoIncludeDirs(),
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    envoy: { service: { discovery: { v3: { AggregatedDiscoveryService: grpc.ServiceClientConstructor } } } };
  };
  const ctor = pkg.envoy.service.discovery.v3.AggregatedDiscoveryService;
  loaded = { service: ctor.service, Client: ctor as unknown as AdsClientConstructor };
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

/** A client for the ADS service at `address` (`host:port`). */
export function createAdsClient(address: string, credentials = grpc.credentials.createInsecure(), options?: grpc.ClientOptions): AdsGrpcClient {
  return new (load().Client)(address, credentials, options) as unknown as AdsGrpcClient;
}

/** A DiscoveryRequest as written by a client, with `node.metadata` in wire (keepCase) form. */
export type AdsRequest = Omit<DiscoveryRequest, 'node'> & { node?: Node | null };
/** A DiscoveryRequest as a server receives it; read `node.metadata` with nodeMetadataFromStruct. */
export type AdsRequest__Output = Omit<DiscoveryRequest__Output, 'node'> & { node: (Omit<NonNullable<DiscoveryRequest__Output['node']>, 'metadata'> & { metadata: ProtoStruct | null }) | null };

/** The server-side stream type of StreamAggregatedResources. */
export type AdsServerStream = grpc.ServerDuplexStream<AdsRequest__Output, DiscoveryResponse>;
/** The client-side stream type of StreamAggregatedResources. */
export type AdsClientStream = grpc.ClientDuplexStream<AdsRequest, DiscoveryResponse__Output>;
