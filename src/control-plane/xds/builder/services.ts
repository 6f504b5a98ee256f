/**
 * Resolves virtual services to the traffic a client sends them: for each port a service listens on,
 * its routes in App Mesh priority order and the (virtual node, port) targets they split between.
 * A service provided by a virtual node gets App Mesh's implicit route: prefix `/` to that node.
 */
import { sharedPart, type BuildContext, type MeshView } from './model.js';
import type { GrpcRoute, HttpRoute, PortProtocol, TcpRoute, WeightedTarget } from './spec.js';

/** One upstream a route can send to: a virtual node's listener, reached through its egress cluster. */
export interface TargetRef {
  readonly node: string;
  readonly port: number;
  readonly protocol: PortProtocol;
}

export interface WeightedRef extends TargetRef {
  readonly weight: number;
}

export type ServiceRoute =
  | { readonly kind: 'http'; readonly name: string; readonly route: HttpRoute; readonly targets: readonly WeightedRef[] }
  | { readonly kind: 'grpc'; readonly name: string; readonly route: GrpcRoute; readonly targets: readonly WeightedRef[] }
  | { readonly kind: 'tcp'; readonly name: string; readonly route: TcpRoute; readonly targets: readonly WeightedRef[] };

export interface ServicePort {
  readonly service: string;
  readonly port: number;
  readonly protocol: PortProtocol;
  readonly routes: readonly ServiceRoute[];
}

/** App Mesh's implicit route to a node-provided service. */
const IMPLICIT_HTTP: Omit<HttpRoute, 'action'> = { match: { prefix: '/' } };

/** `resolveService`, shared between the builds of one mesh state. */
export function sharedService(ctx: BuildContext, serviceName: string): readonly ServicePort[] {
  return sharedPart(ctx, `service\0${serviceName}`, (c) => resolveService(c.mesh, serviceName));
}

export function resolveService(mesh: MeshView, serviceName: string): ServicePort[] {
  const provider = mesh.virtualService(serviceName)?.provider;
  if (provider?.virtualNode) return nodeProvided(mesh, serviceName, provider.virtualNode.virtualNodeName);
  if (provider?.virtualRouter) return routerProvided(mesh, serviceName, provider.virtualRouter.virtualRouterName);
  return [];
}

function nodeProvided(mesh: MeshView, service: string, nodeName: string): ServicePort[] {
  const node = mesh.virtualNode(nodeName);
  return (node?.listeners ?? []).map(({ portMapping: { port, protocol } }) => {
    const targets = [{ node: nodeName, port, protocol, weight: 1 }];
    const route: ServiceRoute =
      protocol === 'tcp'
        ? { kind: 'tcp', name: nodeName, route: { action: { weightedTargets: [] } }, targets }
        : { kind: 'http', name: nodeName, route: { ...IMPLICIT_HTTP, action: { weightedTargets: [] } }, targets };
    return { service, port, protocol, routes: [route] };
  });
}

function routerProvided(mesh: MeshView, service: string, routerName: string): ServicePort[] {
  const router = mesh.virtualRouter(routerName);
  if (!router) return [];
  const listeners = router.listeners ?? [];
  const routes = [...mesh.routes(routerName)].sort(
    (a, b) => (a.spec.priority ?? 1001) - (b.spec.priority ?? 1001) || a.name.localeCompare(b.name),
  );
  return listeners.map(({ portMapping: { port, protocol } }) => {
    const portRoutes: ServiceRoute[] = [];
    for (const { name, spec } of routes) {
      const r = toServiceRoute(mesh, name, spec.httpRoute ?? spec.http2Route, spec.grpcRoute, spec.tcpRoute);
      if (!r) continue;
      const routePort = r.route.match?.port;
      if (routePort !== undefined && routePort !== port) continue;
      portRoutes.push(r);
    }
    return { service, port, protocol, routes: portRoutes };
  });
}

function toServiceRoute(
  mesh: MeshView,
  name: string,
  http: HttpRoute | undefined,
  grpc: GrpcRoute | undefined,
  tcp: TcpRoute | undefined,
): ServiceRoute | undefined {
  if (http) return { kind: 'http', name, route: http, targets: resolveTargets(mesh, http.action.weightedTargets) };
  if (grpc) return { kind: 'grpc', name, route: grpc, targets: resolveTargets(mesh, grpc.action.weightedTargets) };
  if (tcp) return { kind: 'tcp', name, route: tcp, targets: resolveTargets(mesh, tcp.action.weightedTargets) };
  return undefined;
}

/** Each weighted target's port defaults to the node's only (first) listener port. */
function resolveTargets(mesh: MeshView, targets: readonly WeightedTarget[]): WeightedRef[] {
  const out: WeightedRef[] = [];
  for (const t of targets) {
    const listeners = mesh.virtualNode(t.virtualNode)?.listeners ?? [];
    const listener = t.port === undefined ? listeners[0] : listeners.find((l) => l.portMapping.port === t.port);
    if (!listener) continue;
    out.push({ node: t.virtualNode, port: listener.portMapping.port, protocol: listener.portMapping.protocol, weight: t.weight });
  }
  return out;
}
