/**
 * A plain ADS client for tests: writes DiscoveryRequests and reads DiscoveryResponses in order, each
 * read bounded by a deadline, with resources decoded.
 */
import type * as grpc from '@grpc/grpc-js';
import {
  createAdsClient,
  decodeAny,
  type AdsClientStream,
  type AdsGrpcClient,
  type AdsRequest,
  type DiscoveryResponse__Output,
  type ProtoObject,
} from '../../src/xds-api/index.js';

export interface Received {
  readonly version: string;
  readonly nonce: string;
  readonly typeUrl: string;
  readonly resources: ProtoObject[];
  readonly names: string[];
}

export class TestAdsClient {
  readonly #client: AdsGrpcClient;
  readonly #stream: AdsClientStream;
  readonly #queue: DiscoveryResponse__Output[] = [];
  readonly #waiters: Array<(r: DiscoveryResponse__Output) => void> = [];
  #error: grpc.ServiceError | undefined;
  readonly #errorWaiters: Array<(e: grpc.ServiceError) => void> = [];

  constructor(address: string) {
    this.#client = createAdsClient(address);
    this.#stream = this.#client.StreamAggregatedResources();
    this.#stream.on('data', (r: DiscoveryResponse__Output) => {
      const w = this.#waiters.shift();
      if (w) w(r);
      else this.#queue.push(r);
    });
    this.#stream.on('error', (e: grpc.ServiceError) => {
      this.#error = e;
      for (const w of this.#errorWaiters.splice(0)) w(e);
    });
  }

  send(req: AdsRequest): void {
    this.#stream.write(req);
  }

  /** The next response, or a rejection after `ms`. */
  next(ms = 5000): Promise<Received> {
    const queued = this.#queue.shift();
    const raw = queued
      ? Promise.resolve(queued)
      : new Promise<DiscoveryResponse__Output>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no DiscoveryResponse within ${ms} ms`)), ms);
          this.#waiters.push((r) => {
            clearTimeout(timer);
            resolve(r);
          });
        });
    return raw.then((r) => {
      const resources = r.resources.map((a) => decodeAny(a));
      return { version: r.version_info, nonce: r.nonce, typeUrl: r.type_url, resources, names: resources.map((x) => String(x['name'] ?? x['cluster_name'])) };
    });
  }

  /** The status the server ended the stream with. */
  failure(ms = 5000): Promise<grpc.ServiceError> {
    if (this.#error) return Promise.resolve(this.#error);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stream not ended within ${ms} ms`)), ms);
      this.#errorWaiters.push((e) => {
        clearTimeout(timer);
        resolve(e);
      });
    });
  }

  close(): void {
    this.#stream.cancel();
    this.#client.close();
  }
}

/** Polls `condition` until it holds, failing after `ms`. */
export async function waitFor(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
