/**
 * SimulatedProxy: one lightweight ADS client standing in for one Envoy-style proxy in the control-plane
 * benchmark. It is not a proxy; it speaks ADS (state of the world) as Envoy does: LDS and CDS wildcard,
 * then EDS and RDS by the names the clusters and listeners carry, ACKing every response. It records when
 * its first RouteConfiguration arrives and when one arrives whose weighted clusters give the marked
 * cluster the expected share.
 *
 * Each instance has its own HTTP/2 connection (a local subchannel pool), as separate proxies would.
 */
import * as grpc from '@grpc/grpc-js';
import { performance } from 'node:perf_hooks';
import {
  CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL,
  createAdsClient, decodeAny, nodeMetadataToStruct,
  type AdsClientStream, type AdsGrpcClient, type DiscoveryResponse__Output, type Node,
} from '../../src/xds-api/index.js';
import { edsNames, rdsNames, shareOf } from './xds-names.js';

export interface SimulatedProxyOptions {
  readonly nodeId: string;
  readonly xdsAddress: string;
  /** Substring of the cluster name whose share of the weighted clusters is tracked (`_green_`). */
  readonly marker: string;
  /** Called once per client when it first holds a RouteConfiguration with weighted clusters. */
  readonly onFirstRoute: (p: SimulatedProxy) => void;
  /** Called when a RouteConfiguration arrives whose marked share equals the expected share. */
  readonly onConverged: (p: SimulatedProxy) => void;
  readonly onError: (p: SimulatedProxy, err: Error) => void;
}

interface TypeState {
  names: string[];
  version: string;
  nonce: string;
}

export class SimulatedProxy {
  readonly #o: SimulatedProxyOptions;
  #client: AdsGrpcClient | undefined;
  #stream: AdsClientStream | undefined;
  readonly #types = new Map<string, TypeState>();
  #expected: number | undefined;
  /** performance.now() of the first RouteConfiguration with weighted clusters. */
  firstRouteAt: number | undefined;
  /** performance.now() of the RouteConfiguration that carried the expected share. */
  convergedAt: number | undefined;
  share: number | undefined;
  error: Error | undefined;

  constructor(options: SimulatedProxyOptions) {
    this.#o = options;
  }

  open(): void {
    const client = createAdsClient(this.#o.xdsAddress, grpc.credentials.createInsecure(), {
      'grpc.use_local_subchannel_pool': 1,
      'grpc.max_receive_message_length': -1,
    });
    this.#client = client;
    const stream = client.StreamAggregatedResources();
    this.#stream = stream;
    stream.on('data', (r: DiscoveryResponse__Output) => this.#onResponse(r));
    stream.on('error', (err: Error) => {
      if ((err as { code?: number }).code === grpc.status.CANCELLED) return;
      this.error = err;
      this.#o.onError(this, err);
    });
    const metadata = nodeMetadataToStruct({ interception: 'local', appPorts: new Map(), appHost: '127.0.0.1', address: undefined });
    const node: Node = { id: this.#o.nodeId, cluster: this.#o.nodeId, user_agent_name: 'meshwork-bench', metadata };
    stream.write({ node, type_url: CLUSTER_TYPE_URL, resource_names: [] });
    stream.write({ type_url: LISTENER_TYPE_URL, resource_names: [] });
  }

  /** From now on, a RouteConfiguration with this share of the marked cluster counts as converged. */
  expect(share: number): void {
    this.#expected = share;
    this.convergedAt = undefined;
  }

  #request(typeUrl: string, names: readonly string[]): void {
    const s = this.#types.get(typeUrl) ?? { names: [], version: '', nonce: '' };
    s.names = [...names];
    this.#types.set(typeUrl, s);
    this.#stream?.write({ type_url: typeUrl, resource_names: s.names, version_info: s.version, response_nonce: s.nonce });
  }

  #onResponse(r: DiscoveryResponse__Output): void {
    const at = performance.now();
    const typeUrl = r.type_url;
    const state = this.#types.get(typeUrl) ?? { names: [], version: '', nonce: '' };
    this.#types.set(typeUrl, state);
    const resources = r.resources.map((a) => decodeAny({ type_url: a.type_url, value: a.value }));
    state.version = r.version_info;
    state.nonce = r.nonce;
    this.#request(typeUrl, state.names); // ACK
    if (typeUrl === CLUSTER_TYPE_URL) this.#follow(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, edsNames(resources));
    else if (typeUrl === LISTENER_TYPE_URL) this.#follow(ROUTE_CONFIGURATION_TYPE_URL, rdsNames(resources));
    else if (typeUrl === ROUTE_CONFIGURATION_TYPE_URL) this.#onRoutes(resources, at);
  }

  /** Subscribes to the names a parent resource type refers to, when they changed. */
  #follow(typeUrl: string, names: readonly string[]): void {
    const current = this.#types.get(typeUrl)?.names ?? [];
    if (names.length === current.length && names.every((n, i) => n === current[i])) return;
    this.#request(typeUrl, names);
  }

  #onRoutes(resources: readonly unknown[], at: number): void {
    const share = shareOf(resources, this.#o.marker);
    if (share === undefined) return;
    this.share = share;
    if (this.firstRouteAt === undefined) {
      this.firstRouteAt = at;
      this.#o.onFirstRoute(this);
    }
    if (this.#expected !== undefined && this.convergedAt === undefined && Math.abs(share - this.#expected) < 1e-9) {
      this.convergedAt = at;
      this.#o.onConverged(this);
    }
  }

  close(): void {
    this.#stream?.cancel();
    this.#client?.close();
  }
}
