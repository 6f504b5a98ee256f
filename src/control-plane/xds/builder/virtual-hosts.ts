/**
 * Egress virtual hosts: one per backend virtual service (and port), named after the service, with
 * domains `<name>` and `<name>:<port>`, holding the service's routes in priority order.
 */
import { addEgressCluster } from './clusters.js';
import { emptyResources, sharedPart, type BuildContext, type Json, type XdsResources } from './model.js';
import { routeAction } from './route-action.js';
import { grpcMatch, virtualRouterHttpMatch } from './route-match.js';
import type { ServicePort, ServiceRoute } from './services.js';

function egressRoute(ctx: BuildContext, out: XdsResources, r: ServiceRoute): Json | undefined {
  if (r.kind === 'tcp' || r.targets.length === 0) return undefined;
  for (const t of r.targets) addEgressCluster(ctx, out, t);
  const mesh = ctx.mesh.meshName;
  switch (r.kind) {
    case 'http':
      return {
        name: r.name,
        match: virtualRouterHttpMatch(r.route.match),
        route: routeAction(mesh, r.targets, 'http', r.route.retryPolicy, r.route.timeout),
      };
    case 'grpc':
      return {
        name: r.name,
        match: grpcMatch(r.route.match),
        route: routeAction(mesh, r.targets, 'grpc', r.route.retryPolicy, r.route.timeout),
      };
  }
}

/** A virtual host with the egress clusters (and load assignments) its routes send to. */
interface HostPart {
  readonly host: Json;
  readonly clusters: ReadonlyMap<string, Json>;
  readonly endpoints: ReadonlyMap<string, Json>;
}

/**
 * A virtual host for one service port, with its clusters added to `out`; `bareName` adds the domain
 * without a port. Shared between builds: a port's routes are a function of the mesh and (service,
 * port, protocol), since a service resolves to one ServicePort per listener port.
 */
export function serviceVirtualHost(ctx: BuildContext, out: XdsResources, sp: ServicePort, vhostName: string, bareName: boolean): Json {
  const key = `vhost\0${sp.service}\0${sp.port}\0${sp.protocol}\0${vhostName}\0${bareName}`;
  const part = sharedPart(ctx, key, (c): HostPart => {
    const own = emptyResources();
    return { host: buildVirtualHost(c, own, sp, vhostName, bareName), clusters: own.clusters, endpoints: own.endpoints };
  });
  for (const [name, cluster] of part.clusters) {
    if (out.clusters.has(name)) continue;
    out.clusters.set(name, cluster);
    const assignment = part.endpoints.get(name);
    if (assignment) out.endpoints.set(name, assignment);
  }
  return part.host;
}

function buildVirtualHost(ctx: BuildContext, out: XdsResources, sp: ServicePort, vhostName: string, bareName: boolean): Json {
  const routes: Json[] = [];
  for (const r of sp.routes) {
    const route = egressRoute(ctx, out, r);
    if (route) routes.push(route);
  }
  const domains = bareName ? [sp.service, `${sp.service}:${sp.port}`] : [`${sp.service}:${sp.port}`];
  return { name: vhostName, domains, routes };
}

/**
 * Virtual hosts for services that share one route configuration (local mode's and the gateway's
 * `rds_egress_http_15001`): the first port of each service also answers to the bare name.
 */
export function sharedVirtualHosts(ctx: BuildContext, out: XdsResources, ports: readonly ServicePort[]): Json[] {
  const named = new Set<string>();
  const hosts: Json[] = [];
  for (const sp of ports) {
    if (sp.protocol === 'tcp') continue;
    const first = !named.has(sp.service);
    named.add(sp.service);
    hosts.push(serviceVirtualHost(ctx, out, sp, first ? sp.service : `${sp.service}:${sp.port}`, first));
  }
  return hosts;
}

export function allowAllVirtualHost(cluster: string): Json {
  return { name: 'allow_all', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster, timeout: { seconds: '0', nanos: 0 } } }] };
}
