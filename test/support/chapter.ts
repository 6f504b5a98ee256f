/**
 * The book chapter's mesh (seed/), step by step, as App Mesh API resources in mesh `webapp`:
 * plain nodes → virtual services → a router at 100/0 and 50/50 → a virtual gateway → Cloud Map.
 */
import type { FixtureResource } from './mesh-fixture.js';
import { routeSpec } from './webapp-mesh.js';

export const MESH = 'webapp';
export const BLUE = 'blue.blue.svc.cluster.local';
export const GREEN = 'green.green.svc.cluster.local';
export const MYAPP = 'myapp.consumer.svc.cluster.local';

const healthCheck = { protocol: 'http', path: '/id', healthyThreshold: 2, unhealthyThreshold: 2, timeoutMillis: 2000, intervalMillis: 5000 };

function node(name: string, port: number, hostname: string, backends: string[] = []): FixtureResource {
  return {
    kind: 'VirtualNode',
    name,
    spec: {
      listeners: [{ portMapping: { port, protocol: 'http' }, ...(name === 'consumer_consumer' ? {} : { healthCheck }) }],
      serviceDiscovery: { dns: { hostname } },
      backends: backends.map((virtualServiceName) => ({ virtualService: { virtualServiceName } })),
    },
  };
}

export function plainNodes(): FixtureResource[] {
  return [
    { kind: 'Mesh', name: MESH, spec: {} },
    node('green-v1_green', 8081, 'green-v1.green.svc.cluster.local'),
    node('blue-v1_blue', 8080, 'blue-v1.blue.svc.cluster.local'),
    node('consumer_consumer', 8082, 'consumer.consumer.svc.cluster.local'),
  ];
}

export function virtualServices(): FixtureResource[] {
  return [
    ...plainNodes().filter((r) => r.name !== 'consumer_consumer'),
    node('consumer_consumer', 8082, 'consumer.consumer.svc.cluster.local', [BLUE, GREEN]),
    { kind: 'VirtualService', name: BLUE, spec: { provider: { virtualNode: { virtualNodeName: 'blue-v1_blue' } } } },
    { kind: 'VirtualService', name: GREEN, spec: { provider: { virtualNode: { virtualNodeName: 'green-v1_green' } } } },
  ];
}

export function appRoute(greenWeight: number, blueWeight: number): FixtureResource {
  return { kind: 'Route', name: 'app-route', parentName: 'app-router_consumer', spec: routeSpec(greenWeight, blueWeight) };
}

export function router(greenWeight: number, blueWeight: number): FixtureResource[] {
  return [
    ...virtualServices().filter((r) => r.name !== 'consumer_consumer'),
    node('consumer_consumer', 8082, 'consumer.consumer.svc.cluster.local', [BLUE, GREEN, MYAPP]),
    { kind: 'VirtualRouter', name: 'app-router_consumer', spec: { listeners: [{ portMapping: { port: 8085, protocol: 'http' } }] } },
    appRoute(greenWeight, blueWeight),
    { kind: 'VirtualService', name: MYAPP, spec: { provider: { virtualRouter: { virtualRouterName: 'app-router_consumer' } } } },
  ];
}

export function gateway(): FixtureResource[] {
  return [
    ...router(50, 50),
    { kind: 'VirtualGateway', name: 'in-gw_internet', spec: { listeners: [{ portMapping: { port: 8088, protocol: 'http' } }] } },
    {
      kind: 'GatewayRoute',
      name: 'myapp-route_internet',
      parentName: 'in-gw_internet',
      spec: { httpRoute: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: MYAPP }, port: 8085 } } } },
    },
  ];
}

export function cloudMap(): FixtureResource[] {
  return gateway().map((r) =>
    r.name === 'blue-v1_blue'
      ? {
          ...r,
          spec: {
            listeners: [{ portMapping: { port: 8080, protocol: 'http' }, healthCheck }],
            serviceDiscovery: { awsCloudMap: { namespaceName: 'prod.eu', serviceName: 'myapp' } },
          },
        }
      : r,
  );
}
