/**
 * A real mesh for proxy tests: a `meshwork up` child on a temp data dir, App Mesh resources created
 * through the AWS SDK against it, workload endpoints registered in Cloud Map (`RegisterInstance` with
 * AWS_INSTANCE_IPV4/AWS_INSTANCE_PORT, one HTTP namespace per mesh), and `meshwork proxy` children on
 * their own leased loopback addresses. Everything is stopped and removed when the test (file) ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after } from 'node:test';
import { join } from 'node:path';
import {
  AppMeshClient,
  CreateGatewayRouteCommand,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  CreateVirtualGatewayCommand,
  CreateVirtualServiceCommand,
  UpdateRouteCommand,
  type GatewayRouteSpec,
  type MeshSpec,
  type RouteSpec,
  type ServiceDiscovery,
  type VirtualGatewaySpec,
  type VirtualNodeSpec,
  type VirtualRouterListener,
  type VirtualServiceProvider,
} from '@aws-sdk/client-app-mesh';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { httpNamespace, register, service } from './cloudmap-fixtures.js';
import { startControlPlane, type After, type RunningControlPlane } from './meshwork-process.js';

export type { After };

/**
 * Cleanups for a whole test file: call at module scope; what is registered later (from `before` or a
 * test) runs in reverse order after the file's tests, each awaited.
 */
export function fileScope(): After {
  const cleanups: Array<() => unknown> = [];
  after(async () => {
    for (const fn of cleanups.reverse()) await fn();
  });
  return { after: (fn) => void cleanups.push(fn) };
}
const CREDENTIALS = { accessKeyId: 'AKIDMESHWORKTEST', secretAccessKey: 'meshwork-test-secret' };

/** The Cloud Map namespace every mesh of these tests registers its workloads in. */
export const NAMESPACE = 'mesh.local';

export class RealMesh {
  readonly appMesh: AppMeshClient;
  readonly cloudMap: ServiceDiscoveryClient;
  readonly #services = new Map<string, string>();
  #namespaceId: string | undefined;

  readonly #scope: After;

  constructor(
    public cp: RunningControlPlane,
    readonly dataDir: string,
    readonly meshName: string,
    scope: After,
  ) {
    this.#scope = scope;
    const common = { endpoint: cp.url, region: 'eu-central-1', credentials: CREDENTIALS, maxAttempts: 1 };
    this.appMesh = new AppMeshClient(common);
    this.cloudMap = new ServiceDiscoveryClient({ ...common, disableHostPrefix: true });
  }

  /** The control plane's xDS address, as it printed it. */
  get xds(): string {
    const m = /^xds listening on (\S+)$/m.exec(this.cp.output());
    if (!m) throw new Error(`meshwork up printed no xds address: ${this.cp.output()}`);
    return m[1]!;
  }

  /** The node id (`mesh/<mesh>/virtualNode/<name>`) of a virtual node of this mesh. */
  nodeId(name: string, kind: 'virtualNode' | 'virtualGateway' = 'virtualNode'): string {
    return `mesh/${this.meshName}/${kind}/${name}`;
  }

  async node(name: string, spec: VirtualNodeSpec): Promise<void> {
    await this.appMesh.send(new CreateVirtualNodeCommand({ meshName: this.meshName, virtualNodeName: name, spec }));
  }

  async service(name: string, provider: VirtualServiceProvider): Promise<void> {
    await this.appMesh.send(new CreateVirtualServiceCommand({ meshName: this.meshName, virtualServiceName: name, spec: { provider } }));
  }

  /** Virtual node `node` and virtual service `name` that it provides. */
  async nodeService(name: string, node: string, spec: VirtualNodeSpec): Promise<void> {
    await this.node(node, spec);
    await this.service(name, { virtualNode: { virtualNodeName: node } });
  }

  async router(name: string, listeners: VirtualRouterListener[]): Promise<void> {
    await this.appMesh.send(new CreateVirtualRouterCommand({ meshName: this.meshName, virtualRouterName: name, spec: { listeners } }));
  }

  async route(router: string, name: string, spec: RouteSpec): Promise<void> {
    await this.appMesh.send(new CreateRouteCommand({ meshName: this.meshName, virtualRouterName: router, routeName: name, spec }));
  }

  async updateRoute(router: string, name: string, spec: RouteSpec): Promise<void> {
    await this.appMesh.send(new UpdateRouteCommand({ meshName: this.meshName, virtualRouterName: router, routeName: name, spec }));
  }

  async gateway(name: string, spec: VirtualGatewaySpec): Promise<void> {
    await this.appMesh.send(new CreateVirtualGatewayCommand({ meshName: this.meshName, virtualGatewayName: name, spec }));
  }

  async gatewayRoute(gateway: string, name: string, spec: GatewayRouteSpec): Promise<void> {
    await this.appMesh.send(new CreateGatewayRouteCommand({ meshName: this.meshName, virtualGatewayName: gateway, gatewayRouteName: name, spec }));
  }

  /** Registers one Cloud Map instance per port, at 127.0.0.1, in service `serviceName` (created once). */
  async instances(serviceName: string, ports: readonly number[], firstIndex = 0): Promise<void> {
    this.#namespaceId ??= await httpNamespace(this.cloudMap, NAMESPACE);
    let id = this.#services.get(serviceName);
    if (id === undefined) {
      id = await service(this.cloudMap, { Name: serviceName, NamespaceId: this.#namespaceId });
      this.#services.set(serviceName, id);
    }
    for (const [i, port] of ports.entries()) {
      await register(this.cloudMap, id, `${serviceName}-${firstIndex + i}`, { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(port) });
    }
  }

  /** SIGKILLs the control plane (a crash: no goodbye to its proxies) and waits until it is gone. */
  async killControlPlane(): Promise<void> {
    this.cp.child.kill('SIGKILL');
    await this.cp.exited;
  }

  /** Starts a new control plane on the same data dir, HTTP and xDS addresses as the killed one. */
  async restartControlPlane(): Promise<void> {
    const xds = this.xds;
    this.cp = await startControlPlane(this.#scope, this.dataDir, 10_000, ['--http', new URL(this.cp.url).host, '--xds', xds]);
  }

  close(): void {
    this.appMesh.destroy();
    this.cloudMap.destroy();
  }
}

/** Service discovery through this harness's Cloud Map namespace. */
export function cloudMap(serviceName: string): ServiceDiscovery {
  return { awsCloudMap: { namespaceName: NAMESPACE, serviceName } };
}

/** A plain HTTP virtual node spec on `port`, discovered through Cloud Map service `serviceName`. */
export function httpNode(port: number, serviceName: string, extra: Omit<VirtualNodeSpec, 'serviceDiscovery'> = {}): VirtualNodeSpec {
  return { listeners: [{ portMapping: { port, protocol: 'http' } }], serviceDiscovery: cloudMap(serviceName), ...extra };
}

/** Backends naming virtual services. */
export function backends(...names: string[]): NonNullable<VirtualNodeSpec['backends']> {
  return names.map((virtualServiceName) => ({ virtualService: { virtualServiceName } }));
}

/** Starts `meshwork up` on a fresh temp data dir and creates mesh `meshName`. */
export async function startRealMesh(t: After, meshName = 'webapp', meshSpec: MeshSpec = { egressFilter: { type: 'DROP_ALL' } }): Promise<RealMesh> {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshwork-real-mesh-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const cp = await startControlPlane(t, dataDir);
  const mesh = new RealMesh(cp, dataDir, meshName, t);
  t.after(() => mesh.close());
  await mesh.appMesh.send(new CreateMeshCommand({ meshName, spec: meshSpec }));
  return mesh;
}
