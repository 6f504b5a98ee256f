/**
 * The proxy's ADS client (SotW over one gRPC stream on node:http2, see grpc-call.ts; messages encoded
 * and decoded by hand, see discovery-codec.ts). It subscribes to LDS and CDS by wildcard and to
 * the RDS and EDS names those need, ACKs each response it applied and NACKs (with the reason, keeping
 * the previous config) what it could not. When the stream breaks it keeps the last good config, marks
 * `control_plane.connected_state` 0 and reconnects with capped exponential backoff and jitter. A call
 * that ends with a non-zero grpc-status, a trailers-only error, a reset or a missing keepalive PING ACK
 * is a broken stream like any other.
 */
import type { Component } from '../../core/lifecycle.js';
import type { Logger } from '../../core/log.js';
import { ADS_METHOD_PATH, decodeDiscoveryResponse, encodeDiscoveryRequest, type WireDiscoveryResponse, type WireNode } from '../../xds-api/wire/discovery-codec.js';
import { describeEnd, GrpcCall, type GrpcCallEnd } from '../../xds-api/wire/grpc-call.js';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, isResourceTypeUrl, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL, type ResourceTypeUrl } from '../../xds-api/type-urls.js';
import type { ConfigSnapshot } from '../config/snapshot.js';
import type { StatsStore } from '../stats/store.js';
import { decodeAll, DECODERS } from './decoders.js';
import { XdsState } from './xds-state.js';

export interface AdsClientOptions {
  readonly address: string;
  readonly node: WireNode;
  readonly log: Logger;
  readonly stats: StatsStore;
  /** Called with every new snapshot after an accepted update. */
  readonly onSnapshot: (snapshot: ConfigSnapshot, initialized: boolean) => void;
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  /** HTTP/2 PING every intervalMs; no ACK within timeoutMs breaks the connection (default 30 s / 20 s). */
  readonly keepalive?: { readonly intervalMs: number; readonly timeoutMs: number };
}

const USER_AGENT = 'meshwork-proxy/0.1.0 (node:http2)';

const STAT_PREFIX: Record<ResourceTypeUrl, string> = {
  [LISTENER_TYPE_URL]: 'listener_manager.lds',
  [CLUSTER_TYPE_URL]: 'cluster_manager.cds',
  [ROUTE_CONFIGURATION_TYPE_URL]: 'rds',
  [CLUSTER_LOAD_ASSIGNMENT_TYPE_URL]: 'cluster_manager.eds',
};

export class AdsClient implements Component {
  readonly name = 'ads-client';
  readonly state = new XdsState();
  readonly #o: AdsClientOptions;
  #call: GrpcCall | undefined;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #firstRequest = true;
  readonly #connected;

  constructor(options: AdsClientOptions) {
    this.#o = options;
    this.#connected = options.stats.gauge('control_plane.connected_state');
  }

  get connected(): boolean {
    return this.#connected.value === 1;
  }

  async start(): Promise<void> {
    this.#open();
  }

  #open(): void {
    if (this.#closed) return;
    this.#o.log.debug(`establishing a new ADS stream to ${this.#o.address}`);
    const call: GrpcCall = new GrpcCall(
      { address: this.#o.address, path: ADS_METHOD_PATH, userAgent: USER_AGENT, keepalive: this.#o.keepalive ?? { intervalMs: 30_000, timeoutMs: 20_000 } },
      {
        onMessage: (m) => this.#onMessage(call, m),
        onEnd: (end) => this.#onBroken(call, end),
      },
    );
    this.#call = call;
    this.#firstRequest = true;
    for (const t of [CLUSTER_TYPE_URL, LISTENER_TYPE_URL, CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL] as const) {
      const s = this.state.of(t);
      s.nonce = '';
      if (DECODERS[t].wildcard || s.names.length > 0) this.#send(t);
    }
  }

  #onMessage(call: GrpcCall, message: Buffer): void {
    let res: WireDiscoveryResponse;
    try {
      res = decodeDiscoveryResponse(message);
    } catch (err) {
      call.close();
      this.#onBroken(call, { kind: 'transport', reason: `undecodable DiscoveryResponse: ${(err as Error).message}` });
      return;
    }
    this.#onResponse(call, res);
  }

  #onBroken(call: GrpcCall, end: GrpcCallEnd): void {
    if (call !== this.#call) return;
    this.#call = undefined;
    const why = describeEnd(end);
    if (end.kind === 'status' && end.status.code !== 0) this.#o.log.warn(`the control plane ended the ADS stream with ${why}`);
    if (this.#connected.value === 1) this.#o.log.warn(`lost the control-plane connection (${why}); serving the last good config`);
    this.#connected.set(0);
    if (this.#closed) return;
    const { baseMs, maxMs } = this.#o.backoff ?? { baseMs: 250, maxMs: 30_000 };
    const ceiling = Math.min(maxMs, baseMs * 2 ** this.#attempt++);
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    this.#o.log.debug(`gRPC config stream to ${this.#o.address} closed: ${why}; retrying in ${delay} ms`);
    this.#timer = setTimeout(() => this.#open(), delay);
  }

  #send(typeUrl: ResourceTypeUrl, errorDetail?: string): void {
    const s = this.state.of(typeUrl);
    const req = {
      version_info: s.version,
      resource_names: DECODERS[typeUrl].wildcard ? [] : s.names,
      type_url: typeUrl,
      response_nonce: s.nonce,
      ...(this.#firstRequest ? { node: this.#o.node } : {}),
      ...(errorDetail !== undefined ? { error_detail: { code: 3, message: errorDetail } } : {}),
    };
    this.#firstRequest = false;
    this.#call?.write(encodeDiscoveryRequest(req));
  }

  #onResponse(call: GrpcCall, res: WireDiscoveryResponse): void {
    if (call !== this.#call) return;
    if (this.#connected.value !== 1) this.#o.log.info(`connected to the control plane at ${this.#o.address}`);
    this.#connected.set(1);
    this.#attempt = 0;
    const typeUrl = res.type_url;
    if (!isResourceTypeUrl(typeUrl)) {
      this.#o.log.warn(`ignoring a response of unsupported type ${typeUrl}`);
      return;
    }
    const decoder = DECODERS[typeUrl];
    const s = this.state.of(typeUrl);
    s.nonce = res.nonce;
    const stat = STAT_PREFIX[typeUrl];
    this.#o.stats.counter(`${stat}.update_attempt`).inc();
    const result = decodeAll<unknown>(decoder, res.resources, res.version_info);
    if (!result.ok) {
      s.lastError = result.error;
      this.#o.stats.counter(`${stat}.update_rejected`).inc();
      this.#o.log.warn(`${decoder.short.toUpperCase()} update version ${res.version_info} rejected: ${result.error}`);
      this.#send(typeUrl, result.error);
      return;
    }
    this.state.accept(typeUrl, res.version_info, result.items, decoder.wildcard);
    this.#o.stats.counter(`${stat}.update_success`).inc();
    this.#o.log.debug(`${decoder.short.toUpperCase()} version ${res.version_info} accepted: ${result.items.map((i) => i.name).join(', ') || '(none)'}`);
    this.#send(typeUrl);
    this.#resubscribe(ROUTE_CONFIGURATION_TYPE_URL, this.state.wantedRoutes());
    this.#resubscribe(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, this.state.wantedEndpoints());
    this.#o.onSnapshot(this.state.snapshot(), this.state.initialized());
  }

  #resubscribe(typeUrl: ResourceTypeUrl, names: string[]): void {
    const s = this.state.of(typeUrl);
    if (names.join('\0') === s.names.join('\0')) return;
    s.names = names;
    for (const name of [...s.entries.keys()]) if (!names.includes(name)) s.entries.delete(name);
    this.#send(typeUrl);
  }

  async close(): Promise<void> {
    this.destroy();
  }

  destroy(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#call?.close();
    this.#call = undefined;
    this.#connected.set(0);
  }
}
