/**
 * The proxy's ADS client (SotW over one gRPC stream). It subscribes to LDS and CDS by wildcard and to
 * the RDS and EDS names those need, ACKs each response it applied and NACKs (with the reason, keeping
 * the previous config) what it could not. When the stream breaks it keeps the last good config, marks
 * `control_plane.connected_state` 0 and reconnects with capped exponential backoff and jitter.
 */
import type { Component } from '../../core/lifecycle.js';
import type { Logger } from '../../core/log.js';
import { createAdsClient, type AdsClientStream, type AdsGrpcClient, type DiscoveryResponse__Output, type Node } from '../../xds-api/ads.js';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, isResourceTypeUrl, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL, type ResourceTypeUrl } from '../../xds-api/type-urls.js';
import type { ConfigSnapshot } from '../config/snapshot.js';
import type { StatsStore } from '../stats/store.js';
import { decodeAll, DECODERS } from './decoders.js';
import { XdsState } from './xds-state.js';

export interface AdsClientOptions {
  readonly address: string;
  readonly node: Node;
  readonly log: Logger;
  readonly stats: StatsStore;
  /** Called with every new snapshot after an accepted update. */
  readonly onSnapshot: (snapshot: ConfigSnapshot, initialized: boolean) => void;
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
}

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
  #client: AdsGrpcClient | undefined;
  #stream: AdsClientStream | undefined;
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
    this.#client = createAdsClient(this.#o.address, undefined, { 'grpc.keepalive_time_ms': 30_000, 'grpc.initial_reconnect_backoff_ms': 200 });
    this.#open();
  }

  #open(): void {
    if (this.#closed || !this.#client) return;
    const log = this.#o.log;
    log.debug(`establishing a new ADS stream to ${this.#o.address}`);
    const stream = this.#client.StreamAggregatedResources();
    this.#stream = stream;
    this.#firstRequest = true;
    for (const t of [CLUSTER_TYPE_URL, LISTENER_TYPE_URL, CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL] as const) {
      const s = this.state.of(t);
      s.nonce = '';
      if (DECODERS[t].wildcard || s.names.length > 0) this.#send(t);
    }
    stream.on('data', (res: DiscoveryResponse__Output) => this.#onResponse(stream, res));
    stream.on('error', (err: Error) => this.#onBroken(stream, err.message));
    stream.on('end', () => this.#onBroken(stream, 'stream ended by the control plane'));
  }

  #onBroken(stream: AdsClientStream, why: string): void {
    if (stream !== this.#stream) return;
    this.#stream = undefined;
    stream.removeAllListeners('data');
    stream.on('error', () => undefined);
    stream.cancel();
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
    this.#stream?.write(req);
  }

  #onResponse(stream: AdsClientStream, res: DiscoveryResponse__Output): void {
    if (stream !== this.#stream) return;
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
    const stream = this.#stream;
    this.#stream = undefined;
    if (stream) {
      stream.on('error', () => undefined);
      stream.cancel();
    }
    this.#client?.close();
    this.#connected.set(0);
  }
}
