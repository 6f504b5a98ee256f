/**
 * The control plane as one Component: the store, the resource manager, the shared HTTP port with its
 * modules, and the other listeners (DNS, xDS). `meshwork up` starts one; tests start one in-process.
 *
 * Adding a part is one line: an HTTP module in HTTP_MODULES, a listener in LISTENERS. Each factory gets
 * the RuntimeContext (store, manager, configuration, loggers) and nothing else.
 */
import type { ArnConfig } from '../api/arn.js';
import type { Clock } from '../core/clock.js';
import { UnavailableError } from '../core/errors.js';
import type { Component } from '../core/lifecycle.js';
import type { LogRegistry } from '../core/log.js';
import { openStore } from '../store/open.js';
import type { ResourceStore } from '../store/store.js';
import { HttpRouter, type HttpModule } from './http/router.js';
import { ControlPlaneHttpServer } from './http/server.js';
import type { ResourceManager } from './manager/manager.js';
import { createMeshworkApiModule } from './meshwork-api/module.js';
import { createAppMeshApiModule } from './appmesh-api/module.js';
import type { Authenticator } from './auth/authenticator.js';
import { createServerAuthenticator } from './auth/server-auth.js';
import { createCloudMapModule } from './registry/cloudmap-api.js';
import { identityFromArnConfig } from './registry/ids.js';
import { createDnsServer } from './dns/create-dns-server.js';
import { StoreZoneSource } from './dns/store-zones.js';
import type { EndpointSource } from './registry/endpoints.js';
import { RegistryEndpointSource } from './registry/registry-endpoints.js';
import { xdsControlPlaneFor } from './xds/xds-control-plane.js';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export interface RuntimeOptions {
  readonly http: HostPort;
  readonly xds: HostPort;
  readonly dns: HostPort;
  /** `--dns-upstream`: where the DNS server forwards names outside its zones; absent = REFUSED. */
  readonly dnsUpstream?: HostPort | undefined;
  /** Where the store keeps its files; created when missing. */
  readonly dataDir: string;
  /** Partition, region and account that ARNs carry. */
  readonly arn: ArnConfig;
  readonly logs: LogRegistry;
  readonly clock: Clock;
  /** Builds the resource manager over the opened store. */
  readonly createManager: (store: ResourceStore, arn: ArnConfig, clock: Clock) => ResourceManager;
  /**
   * Checks requests to the AWS-compatible APIs (App Mesh, Cloud Map); `meshwork up` builds it with
   * createServerAuthenticator from --credentials/--insecure. When absent: no credentials, so requests
   * are not checked and a non-loopback HTTP address is refused.
   */
  readonly authenticator?: Authenticator;
}

/** What every module and listener is built from. */
export interface RuntimeContext {
  readonly options: RuntimeOptions;
  readonly store: ResourceStore;
  readonly manager: ResourceManager;
  /** Shared by the AWS-compatible HTTP modules; authenticate with their SigV4 service name. */
  readonly authenticator: Authenticator;
  /** Endpoints behind Cloud Map services and the DNS names Meshwork serves, for the xDS layer. */
  readonly endpoints: EndpointSource;
}

/**
 * A listener beside the HTTP port; its bound address is printed at start (`dns listening on udp+tcp
 * 127.0.0.1:7753`). Its `name` is also the `meshwork up` flag that sets its address (`dns`, `xds`).
 */
export interface ListenerComponent extends Component {
  /** The address it was asked to bind, named when binding fails (optional). */
  readonly bindAddress?: HostPort;
  /** What `meshwork up` prints after "<name> listening on": `127.0.0.1:7701`, `udp+tcp 127.0.0.1:7753`. */
  describeAddress(): string;
}

/** HTTP modules on the shared port, tried in this order. One line each. */
const HTTP_MODULES: readonly ((ctx: RuntimeContext) => HttpModule)[] = [
  (ctx) => createMeshworkApiModule({ manager: ctx.manager, store: ctx.store, clock: ctx.options.clock }),
  (ctx) => createAppMeshApiModule({ manager: ctx.manager, authenticator: ctx.authenticator, log: ctx.options.logs.get('appmesh_api') }),
  (ctx) => createCloudMapModule({ registry: { store: ctx.store, identity: identityFromArnConfig(ctx.options.arn), clock: ctx.options.clock }, authenticator: ctx.authenticator }),
  (ctx) => xdsControlPlaneFor(ctx).httpModule(),
];

/** Listeners started after the HTTP port and closed before it. One line each. */
const LISTENERS: readonly ((ctx: RuntimeContext) => ListenerComponent)[] = [
  (ctx) => createDnsServer({ ...ctx.options.dns, store: ctx.store, upstream: ctx.options.dnsUpstream, log: ctx.options.logs.get('dns') }),
  (ctx) => xdsControlPlaneFor(ctx),
];

export interface BoundAddress {
  readonly name: string;
  readonly address: string;
}

export class ControlPlaneRuntime implements Component {
  readonly name = 'control-plane';
  readonly #options: RuntimeOptions;
  #store: ResourceStore | undefined;
  #started: Component[] = [];
  #addresses: BoundAddress[] = [];

  constructor(options: RuntimeOptions) {
    this.#options = options;
  }

  /** Opens the store, builds the manager and starts the HTTP port and every listener; on failure, closes what started. */
  async start(): Promise<void> {
    const options = this.#options;
    const log = options.logs.get('control_plane');
    const authenticator = options.authenticator ?? createServerAuthenticator({ host: options.http.host, env: {}, log });
    const store = await openStore({ dataDir: options.dataDir, logger: options.logs.get('store') });
    this.#store = store;
    try {
      const ctx: RuntimeContext = {
        options,
        store,
        manager: options.createManager(store, options.arn, options.clock),
        authenticator,
        endpoints: new RegistryEndpointSource(store, new StoreZoneSource(store)),
      };
      const router = new HttpRouter();
      for (const make of HTTP_MODULES) router.register(make(ctx));
      const http = new ControlPlaneHttpServer({ ...options.http, router, log: options.logs.get('http') });
      await this.#startOne(http, options.http);
      const a = http.address();
      this.#addresses.push({ name: 'http', address: `${a.host}:${a.port}` });
      for (const make of LISTENERS) {
        const listener = make(ctx);
        await this.#startOne(listener, listener.bindAddress);
        this.#addresses.push({ name: listener.name, address: listener.describeAddress() });
      }
      log.info(`control plane started: ${this.#addresses.map((b) => `${b.name} ${b.address}`).join(', ')}`);
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  async #startOne(c: Component, where: HostPort | undefined): Promise<void> {
    try {
      await c.start();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL' && code !== 'EACCES') throw err;
      const why = code === 'EADDRINUSE' ? 'the address is already in use (is another meshwork up running?)' : code === 'EACCES' ? 'permission denied' : 'no such local address';
      const address = where ? `${where.host}:${where.port}` : 'its address';
      throw new UnavailableError(`cannot listen on ${address} for ${c.name}: ${why}; choose another with --${c.name} HOST:PORT`, { cause: err });
    }
    this.#started.push(c);
  }

  /** Where each part listens, in start order. */
  addresses(): readonly BoundAddress[] {
    return this.#addresses;
  }

  async close(): Promise<void> {
    const started = this.#started.reverse();
    this.#started = [];
    for (const c of started) await c.close();
    const store = this.#store;
    this.#store = undefined;
    await store?.close();
  }

  destroy(err?: Error): void {
    const started = this.#started.reverse();
    this.#started = [];
    for (const c of started) c.destroy(err);
    const store = this.#store;
    this.#store = undefined;
    void store?.close().catch(() => undefined);
  }
}
