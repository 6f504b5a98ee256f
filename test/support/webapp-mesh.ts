/**
 * The chapter's mesh as ResourceManager mutations: mesh `webapp`, virtual nodes green-v1_green,
 * blue-v1_blue and consumer_consumer, virtual services for blue and green, the app-router with its
 * weighted route, the myapp virtual service, and the in-gw gateway with its route.
 */
import type { ResourceId } from '../../src/api/kinds.js';
import type { Mutation } from '../../src/control-plane/manager/manager.js';

export const MESH = 'webapp';

export const ids = {
  mesh: { kind: 'Mesh', meshName: MESH, name: MESH },
  green: { kind: 'VirtualNode', meshName: MESH, name: 'green-v1_green' },
  blue: { kind: 'VirtualNode', meshName: MESH, name: 'blue-v1_blue' },
  consumer: { kind: 'VirtualNode', meshName: MESH, name: 'consumer_consumer' },
  greenService: { kind: 'VirtualService', meshName: MESH, name: 'green.green.svc.cluster.local' },
  blueService: { kind: 'VirtualService', meshName: MESH, name: 'blue.blue.svc.cluster.local' },
  router: { kind: 'VirtualRouter', meshName: MESH, name: 'app-router_consumer' },
  route: { kind: 'Route', meshName: MESH, parentName: 'app-router_consumer', name: 'app-route' },
  myapp: { kind: 'VirtualService', meshName: MESH, name: 'myapp.consumer.svc.cluster.local' },
  gateway: { kind: 'VirtualGateway', meshName: MESH, name: 'in-gw_internet' },
  gatewayRoute: { kind: 'GatewayRoute', meshName: MESH, parentName: 'in-gw_internet', name: 'myapp-route_internet' },
} satisfies Record<string, ResourceId>;

export function nodeSpec(port: number, hostname: string, backends: string[] = []): unknown {
  return {
    listeners: [
      {
        portMapping: { port, protocol: 'http' },
        healthCheck: { protocol: 'http', path: '/id', healthyThreshold: 2, unhealthyThreshold: 2, timeoutMillis: 2000, intervalMillis: 5000 },
      },
    ],
    serviceDiscovery: { dns: { hostname } },
    ...(backends.length > 0 ? { backends: backends.map((name) => ({ virtualService: { virtualServiceName: name } })) } : {}),
  };
}

export function routeSpec(greenWeight: number, blueWeight: number): unknown {
  return {
    httpRoute: {
      match: { prefix: '/id' },
      action: {
        weightedTargets: [
          { virtualNode: 'green-v1_green', weight: greenWeight, port: 8081 },
          { virtualNode: 'blue-v1_blue', weight: blueWeight, port: 8080 },
        ],
      },
    },
  };
}

export function create(id: ResourceId, spec: unknown): Mutation {
  return { op: 'create', id, spec };
}

/** Every resource of the chapter, in an order where each reference exists before it is used. */
export function webappMutations(): Mutation[] {
  return [
    create(ids.mesh, { egressFilter: { type: 'DROP_ALL' } }),
    create(ids.green, nodeSpec(8081, 'green-v1.green.svc.cluster.local')),
    create(ids.blue, nodeSpec(8080, 'blue-v1.blue.svc.cluster.local')),
    create(ids.greenService, { provider: { virtualNode: { virtualNodeName: 'green-v1_green' } } }),
    create(ids.blueService, { provider: { virtualNode: { virtualNodeName: 'blue-v1_blue' } } }),
    create(ids.consumer, nodeSpec(8082, 'consumer.consumer.svc.cluster.local', ['blue.blue.svc.cluster.local', 'green.green.svc.cluster.local'])),
    create(ids.router, { listeners: [{ portMapping: { port: 8085, protocol: 'http' } }] }),
    create(ids.route, routeSpec(100, 0)),
    create(ids.myapp, { provider: { virtualRouter: { virtualRouterName: 'app-router_consumer' } } }),
    create(ids.gateway, { listeners: [{ portMapping: { port: 8088, protocol: 'http' } }] }),
    create(ids.gatewayRoute, {
      httpRoute: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: 'myapp.consumer.svc.cluster.local' }, port: 8085 } } },
    }),
  ];
}
