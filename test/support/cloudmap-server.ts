/**
 * A control plane with only service discovery running, for tests: a real SQLite store in a temp
 * directory, the Cloud Map API on an HTTP port and the DNS server on UDP+TCP, all on 127.0.0.1 port 0.
 * Everything is closed when the test ends.
 */
import type { TestContext } from 'node:test';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { systemClock } from '../../src/core/clock.js';
import { LogRegistry } from '../../src/core/log.js';
import { HttpRouter } from '../../src/control-plane/http/router.js';
import { ControlPlaneHttpServer } from '../../src/control-plane/http/server.js';
import type { Authenticator } from '../../src/control-plane/auth/authenticator.js';
import { createCloudMapModule } from '../../src/control-plane/registry/cloudmap-api.js';
import type { RegistryContext } from '../../src/control-plane/registry/context.js';
import { DEFAULT_IDENTITY } from '../../src/control-plane/registry/ids.js';
import { DnsResponder } from '../../src/control-plane/dns/responder.js';
import { DnsServer } from '../../src/control-plane/dns/server.js';
import { StoreZoneSource, type StoreZoneOptions } from '../../src/control-plane/dns/store-zones.js';
import type { Upstream } from '../../src/control-plane/dns/upstream.js';
import { openTempStore } from './temp-store.js';
import type { SqliteResourceStore } from '../../src/store/sqlite/sqlite-store.js';

export interface DiscoveryServer {
  readonly store: SqliteResourceStore;
  readonly registry: RegistryContext;
  readonly zones: StoreZoneSource;
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly dns: { readonly host: string; readonly port: number };
  /** An SDK client with the setting that Meshwork's docs give: `disableHostPrefix: true`. */
  client(): ServiceDiscoveryClient;
}

export interface DiscoveryServerOptions extends StoreZoneOptions {
  readonly upstream?: Upstream;
  readonly authenticator?: Authenticator;
  readonly withDns?: boolean;
}

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDMESHWORKTEST', secretAccessKey: 'meshwork-test-secret' };

export async function startDiscoveryServer(t: Pick<TestContext, 'after'>, options: DiscoveryServerOptions = {}): Promise<DiscoveryServer> {
  const { store } = openTempStore(t);
  const log = new LogRegistry('off').get('test');
  const registry: RegistryContext = { store, identity: DEFAULT_IDENTITY, clock: systemClock };
  const router = new HttpRouter();
  router.register(createCloudMapModule({ registry, ...(options.authenticator && { authenticator: options.authenticator }) }));
  const http = new ControlPlaneHttpServer({ host: '127.0.0.1', port: 0, router, log });
  await http.start();
  t.after(() => http.close());
  const zones = new StoreZoneSource(store, options);
  let dns = { host: '127.0.0.1', port: 0 };
  if (options.withDns !== false) {
    const server = new DnsServer({ host: '127.0.0.1', port: 0, responder: new DnsResponder({ zones, upstream: options.upstream, log }), log });
    await server.start();
    t.after(() => server.close());
    dns = server.address();
  }
  const endpoint = `http://127.0.0.1:${http.address().port}`;
  const clients: ServiceDiscoveryClient[] = [];
  t.after(() => clients.forEach((c) => c.destroy()));
  return {
    store,
    registry,
    zones,
    endpoint,
    dns,
    client() {
      const c = new ServiceDiscoveryClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, disableHostPrefix: true, maxAttempts: 1 });
      clients.push(c);
      return c;
    },
  };
}
