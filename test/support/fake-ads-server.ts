/**
 * FakeAdsServer: a stand-in ADS (SotW) server over real gRPC for testing the proxy before the real
 * control plane is wired in. It serves whatever resources a test gives it, honours wildcard and named
 * subscriptions, and records every request so tests can assert ACKs and NACKs.
 */
import * as grpc from '@grpc/grpc-js';
import { adsServiceDefinition, type AdsServerStream, type AdsRequest__Output } from '../../src/xds-api/ads.js';
import { encodeAny, type ProtoObject } from '../../src/xds-api/any.js';
import { nodeMetadataFromStruct, type ProxyNodeMetadata } from '../../src/xds-api/node-identity.js';
import { CLUSTER_TYPE_URL, LISTENER_TYPE_URL } from '../../src/xds-api/type-urls.js';

interface Sub {
  names: string[];
  sentNonce: string;
}

export interface RecordedRequest {
  readonly typeUrl: string;
  readonly version: string;
  readonly nonce: string;
  readonly names: readonly string[];
  readonly error: string | undefined;
  readonly nodeId: string | undefined;
  readonly nodeMetadata: ProxyNodeMetadata | undefined;
}

export class FakeAdsServer {
  readonly requests: RecordedRequest[] = [];
  #server: grpc.Server | undefined;
  #port = 0;
  readonly #resources = new Map<string, ProtoObject[]>();
  readonly #versions = new Map<string, number>();
  readonly #streams = new Map<AdsServerStream, Map<string, Sub>>();
  readonly #waiters: Array<() => void> = [];
  #nonce = 0;

  get address(): string {
    return `127.0.0.1:${this.#port}`;
  }

  /** Starts listening; pass the previous port to come back on the same address after stop(). */
  async start(port = 0): Promise<void> {
    const server = new grpc.Server();
    server.addService(adsServiceDefinition(), { StreamAggregatedResources: (call: AdsServerStream) => this.#onStream(call) });
    this.#port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    this.#server = server;
  }

  get port(): number {
    return this.#port;
  }

  /** Stops at once, breaking every stream (a control plane that died). */
  stop(): void {
    for (const call of this.#streams.keys()) call.destroy(new Error('server stopped'));
    this.#streams.clear();
    this.#server?.forceShutdown();
    this.#server = undefined;
  }

  /** Replaces all resources of a type (a new version) and pushes them to every stream. */
  set(typeUrl: string, resources: ProtoObject[]): void {
    this.#resources.set(typeUrl, resources);
    this.#versions.set(typeUrl, (this.#versions.get(typeUrl) ?? 0) + 1);
    for (const [call, subs] of this.#streams) {
      const sub = subs.get(typeUrl);
      if (sub) this.#push(call, typeUrl, sub);
    }
  }

  version(typeUrl: string): string {
    return String(this.#versions.get(typeUrl) ?? 0);
  }

  /** Resolves when a recorded request satisfies `predicate` (checks past requests first). */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.requests.find(predicate);
        if (hit) resolve(hit);
        return hit !== undefined;
      };
      if (check()) return;
      const timer = setTimeout(() => reject(new Error('FakeAdsServer: expected request did not arrive')), timeoutMs);
      const waiter = () => {
        if (check()) {
          clearTimeout(timer);
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        }
      };
      this.#waiters.push(waiter);
    });
  }

  /** The ACK (no error) for the current version of a type. */
  waitForAck(typeUrl: string): Promise<RecordedRequest> {
    const v = this.version(typeUrl);
    return this.waitFor((r) => r.typeUrl === typeUrl && r.version === v && r.error === undefined && r.nonce !== '');
  }

  #onStream(call: AdsServerStream): void {
    const subs = new Map<string, Sub>();
    this.#streams.set(call, subs);
    call.on('data', (req: AdsRequest__Output) => {
      const rec: RecordedRequest = {
        typeUrl: req.type_url,
        version: req.version_info,
        nonce: req.response_nonce,
        names: req.resource_names,
        error: req.error_detail ? req.error_detail.message : undefined,
        nodeId: req.node?.id,
        nodeMetadata: req.node ? nodeMetadataFromStruct(req.node.metadata) : undefined,
      };
      this.requests.push(rec);
      for (const w of [...this.#waiters]) w();
      const sub = subs.get(req.type_url) ?? { names: [], sentNonce: '' };
      const namesChanged = sub.names.join('\0') !== req.resource_names.join('\0');
      sub.names = req.resource_names;
      const isNew = !subs.has(req.type_url);
      subs.set(req.type_url, sub);
      // Answer the first request of a type and any change of names; an ACK or NACK needs no answer.
      if (isNew || namesChanged) this.#push(call, req.type_url, sub);
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      this.#streams.delete(call);
      call.end();
    });
  }

  #push(call: AdsServerStream, typeUrl: string, sub: Sub): void {
    const all = this.#resources.get(typeUrl);
    if (all === undefined) return;
    const wildcard = typeUrl === LISTENER_TYPE_URL || typeUrl === CLUSTER_TYPE_URL;
    const chosen = wildcard ? all : all.filter((r) => sub.names.includes(String(r['name'] ?? r['cluster_name'])));
    sub.sentNonce = String(++this.#nonce);
    call.write({ version_info: this.version(typeUrl), type_url: typeUrl, nonce: sub.sentNonce, resources: chosen.map((r) => encodeAny(typeUrl, r)) });
  }
}
