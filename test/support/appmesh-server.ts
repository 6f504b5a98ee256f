/**
 * A real control-plane HTTP server on 127.0.0.1:0 serving the App Mesh API over a given manager, and an
 * AWS SDK client pointed at it.
 */
import { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { ControlPlaneHttpServer } from '../../src/control-plane/http/server.js';
import { HttpRouter } from '../../src/control-plane/http/router.js';
import { createAppMeshApiModule } from '../../src/control-plane/appmesh-api/module.js';
import { createAuthenticator } from '../../src/control-plane/auth/authenticator.js';
import type { CredentialSet } from '../../src/control-plane/auth/credentials.js';
import type { ResourceManager } from '../../src/control-plane/manager/manager.js';
import { LogRegistry } from '../../src/core/log.js';
import type { StoreResourceManagerOptions } from '../../src/control-plane/manager/store-manager.js';
import { createTestManager, type TestManager } from './test-manager.js';

export interface RunningAppMeshApi {
  readonly endpoint: string;
  readonly server: ControlPlaneHttpServer;
  /** Lines the server logged. */
  readonly logLines: string[];
}

export async function startAppMeshApi(manager: ResourceManager, credentials?: CredentialSet): Promise<RunningAppMeshApi> {
  const logLines: string[] = [];
  const log = new LogRegistry('info', (line) => logLines.push(line));
  const router = new HttpRouter();
  router.register(createAppMeshApiModule({ manager, authenticator: createAuthenticator(credentials), log: log.get('appmesh_api') }));
  const server = new ControlPlaneHttpServer({ host: '127.0.0.1', port: 0, router, log: log.get('http') });
  await server.start();
  return { endpoint: `http://127.0.0.1:${server.address().port}`, server, logLines };
}

export interface ClientOptions {
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly systemClockOffset?: number;
}

/** An App Mesh client for `endpoint`; one attempt per call, so refusals surface instead of being retried. */
export function appMeshClient(endpoint: string, opts: ClientOptions = {}): AppMeshClient {
  return new AppMeshClient({
    endpoint,
    region: 'eu-central-1',
    maxAttempts: 1,
    credentials: { accessKeyId: opts.accessKeyId ?? 'AKIDMESHWORKTEST', secretAccessKey: opts.secretAccessKey ?? 'meshwork-test-secret' },
    ...(opts.systemClockOffset !== undefined ? { systemClockOffset: opts.systemClockOffset } : {}),
  });
}

/** A manager on a fresh SQLite store, the App Mesh API over it, and a client; `close` undoes all three. */
export interface AppMeshFixture {
  readonly tm: TestManager;
  readonly api: RunningAppMeshApi;
  readonly client: AppMeshClient;
  close(): Promise<void>;
}

export async function startAppMeshFixture(
  options: { managerOptions?: Omit<StoreResourceManagerOptions, 'store'>; credentials?: CredentialSet; client?: ClientOptions } = {},
): Promise<AppMeshFixture> {
  const tm = await createTestManager(options.managerOptions);
  const api = await startAppMeshApi(tm.manager, options.credentials);
  const client = appMeshClient(api.endpoint, options.client);
  return {
    tm,
    api,
    client,
    async close() {
      client.destroy();
      await api.server.close();
      await tm.close();
    },
  };
}
