/**
 * SimulatedProxy: one lightweight ADS client standing in for one Envoy-style proxy in the control-plane
 * benchmark. It is not a proxy; it speaks ADS (state of the world) as Envoy does: LDS and CDS wildcard,
 * then EDS and RDS by the names the clusters and listeners carry, ACKing every response. It records when
 * its first RouteConfiguration arrives and when one arrives whose weighted clusters give the marked
 * cluster the expected share.
 *
 * It is kept cheap so that the benchmark measures the control plane, not itself: a raw `node:http2`
 * stream with gRPC framing by hand, requests written field by field, and of each response only the type
 * URL, version, nonce and the fields on the way to the names and weights it needs are read from the
 * bytes (the proxy's own hand-written codec, src/xds-api/wire/discovery-codec.ts, and xds-names.ts). Each instance has its own HTTP/2 connection, as separate proxies would.
 */
import * as http2 from 'node:http2';
import { performance } from 'node:perf_hooks';
import {
  ADS_METHOD_PATH, CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL,
  nodeMetadataToStruct,
} from '../../src/xds-api/index.js';
import { decodeDiscoveryResponse, encodeDiscoveryRequest, type WireDiscoveryResponse } from '../../src/xds-api/wire/discovery-codec.js';
import { GrpcDeframer, grpcFrame } from '../../src/xds-api/wire/grpc-frames.js';
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
  names: readonly string[];
  version: string;
  nonce: string;
}

const METADATA = nodeMetadataToStruct({ interception: 'local', appPorts: new Map(), appHost: '127.0.0.1', address: undefined });

export class SimulatedProxy {
  readonly #o: SimulatedProxyOptions;
  #session: http2.ClientHttp2Session | undefined;
  #stream: http2.ClientHttp2Stream | undefined;
  #closing = false;
  /** performance.now() when the DATA chunk being read arrived. */
  #chunkAt = 0;
  readonly #types = new Map<string, TypeState>();
  readonly #deframer = new GrpcDeframer((m) => this.#onResponse(decodeDiscoveryResponse(m), this.#chunkAt));
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
    const session = http2.connect(`http://${this.#o.xdsAddress}`);
    this.#session = session;
    session.on('error', (err) => this.#fail(err));
    const stream = session.request({ ':method': 'POST', ':path': ADS_METHOD_PATH, 'content-type': 'application/grpc', te: 'trailers' });
    this.#stream = stream;
    stream.on('response', (headers) => this.#checkStatus(headers));
    stream.on('trailers', (trailers) => this.#checkStatus(trailers));
    stream.on('data', (chunk: Buffer) => {
      this.#chunkAt = performance.now();
      try {
        this.#deframer.push(chunk);
      } catch (err) {
        this.#fail(err as Error);
      }
    });
    stream.on('error', (err) => this.#fail(err));
    stream.on('close', () => this.#fail(new Error('the ADS stream closed')));
    const node = { id: this.#o.nodeId, cluster: this.#o.nodeId, metadata: METADATA, user_agent_name: 'meshwork-bench' };
    this.#write(encodeDiscoveryRequest({ node, type_url: CLUSTER_TYPE_URL, resource_names: [], version_info: '', response_nonce: '' }));
    this.#request(LISTENER_TYPE_URL, []);
  }

  /** From now on, a RouteConfiguration with this share of the marked cluster counts as converged. */
  expect(share: number): void {
    this.#expected = share;
    this.convergedAt = undefined;
  }

  close(): void {
    this.#closing = true;
    this.#stream?.close(http2.constants.NGHTTP2_CANCEL);
    this.#session?.destroy();
  }

  #write(message: Buffer): void {
    this.#stream?.write(grpcFrame(message));
  }

  #checkStatus(headers: http2.IncomingHttpHeaders): void {
    const status = headers['grpc-status'];
    if (status !== undefined && status !== '0') this.#fail(new Error(`grpc-status ${String(status)}: ${String(headers['grpc-message'] ?? '')}`));
  }

  #fail(err: Error): void {
    if (this.#closing || this.error) return;
    this.error = err;
    this.#o.onError(this, err);
  }

  #request(typeUrl: string, names: readonly string[]): void {
    const s = this.#types.get(typeUrl) ?? { names: [], version: '', nonce: '' };
    s.names = names;
    this.#types.set(typeUrl, s);
    this.#write(encodeDiscoveryRequest({ type_url: typeUrl, resource_names: names, version_info: s.version, response_nonce: s.nonce }));
  }

  /**
   * Records the response now and answers it (ACK, then any new subscriptions) after the simulator has
   * read every response that arrived with it: in one process, writing one simulated proxy's ACK must
   * not delay when the next one's response is seen, as separate proxies would not delay each other.
   * setImmediate runs after the poll phase that delivered the batch, in arrival order.
   */
  #onResponse(r: WireDiscoveryResponse, at: number): void {
    if (r.type_url === ROUTE_CONFIGURATION_TYPE_URL) this.#onRoutes(r.resources.map((a) => a.value), at);
    setImmediate(() => this.#answer(r));
  }

  #answer(r: WireDiscoveryResponse): void {
    if (this.#closing) return;
    const state = this.#types.get(r.type_url) ?? { names: [], version: '', nonce: '' };
    this.#types.set(r.type_url, state);
    state.version = r.version_info;
    state.nonce = r.nonce;
    this.#request(r.type_url, state.names); // ACK
    if (r.type_url === CLUSTER_TYPE_URL) this.#follow(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, edsNames(r.resources.map((a) => a.value)));
    else if (r.type_url === LISTENER_TYPE_URL) this.#follow(ROUTE_CONFIGURATION_TYPE_URL, rdsNames(r.resources.map((a) => a.value)));
  }

  /** Subscribes to the names a parent resource type refers to, when they changed. */
  #follow(typeUrl: string, names: readonly string[]): void {
    const current = this.#types.get(typeUrl)?.names ?? [];
    if (names.length === current.length && names.every((n, i) => n === current[i])) return;
    this.#request(typeUrl, names);
  }

  #onRoutes(resources: readonly Uint8Array[], at: number): void {
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
}
