/**
 * The mesh the control-plane benchmark drives, created through the App Mesh API with the AWS SDK:
 * providers `blue` and `green` behind virtual router `app` (route `app`, weighted), virtual service
 * `app.bench.local` on the router, and `nodes` consumer virtual nodes `consumer-<i>` whose backend is that
 * virtual service. A weight change on route `app` changes every consumer's egress RouteConfiguration.
 */
import {
  AppMeshClient, CreateMeshCommand, CreateRouteCommand, CreateVirtualNodeCommand, CreateVirtualRouterCommand,
  CreateVirtualServiceCommand, UpdateRouteCommand, type RouteSpec, type VirtualNodeSpec,
} from '@aws-sdk/client-app-mesh';

export const MESH = 'bench';
export const SERVICE = 'app.bench.local';
export const PORT = 8080;
/** Marks the green cluster in generated names (`cds_egress_bench_green_http_8080`). */
export const GREEN_MARKER = '_green_';

export function appMeshClient(httpUrl: string): AppMeshClient {
  return new AppMeshClient({ endpoint: httpUrl, region: 'us-west-2', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
}

export function nodeSpec(name: string, backends: readonly string[]): VirtualNodeSpec {
  return {
    listeners: [{ portMapping: { port: PORT, protocol: 'http' } }],
    serviceDiscovery: { dns: { hostname: `${name}.bench.local` } },
    backends: backends.map((virtualServiceName) => ({ virtualService: { virtualServiceName } })),
  };
}

export function routeSpec(greenWeight: number): RouteSpec {
  return {
    httpRoute: {
      match: { prefix: '/' },
      action: { weightedTargets: [{ virtualNode: 'blue', weight: 100 - greenWeight }, { virtualNode: 'green', weight: greenWeight }] },
    },
  };
}

export function consumerNodeId(i: number): string {
  return `mesh/${MESH}/virtualNode/consumer-${i}`;
}

/** Creates the mesh; `greenWeight` is the initial weight of green (out of 100). */
export async function createScenario(client: AppMeshClient, nodes: number, greenWeight: number): Promise<void> {
  await client.send(new CreateMeshCommand({ meshName: MESH }));
  for (const name of ['blue', 'green']) await client.send(new CreateVirtualNodeCommand({ meshName: MESH, virtualNodeName: name, spec: nodeSpec(name, []) }));
  await client.send(new CreateVirtualRouterCommand({ meshName: MESH, virtualRouterName: 'app', spec: { listeners: [{ portMapping: { port: PORT, protocol: 'http' } }] } }));
  await client.send(new CreateRouteCommand({ meshName: MESH, virtualRouterName: 'app', routeName: 'app', spec: routeSpec(greenWeight) }));
  await client.send(new CreateVirtualServiceCommand({ meshName: MESH, virtualServiceName: SERVICE, spec: { provider: { virtualRouter: { virtualRouterName: 'app' } } } }));
  const BATCH = 10;
  for (let i = 0; i < nodes; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, nodes - i) }, (_, k) => i + k);
    await Promise.all(batch.map((n) => client.send(new CreateVirtualNodeCommand({ meshName: MESH, virtualNodeName: `consumer-${n}`, spec: nodeSpec(`consumer-${n}`, [SERVICE]) }))));
  }
}

export async function setGreenWeight(client: AppMeshClient, greenWeight: number): Promise<void> {
  await client.send(new UpdateRouteCommand({ meshName: MESH, virtualRouterName: 'app', routeName: 'app', spec: routeSpec(greenWeight) }));
}
