/**
 * A virtual gateway's proxy, as App Mesh builds it: per gateway listener an ingress listener
 * `lds_ingress_0.0.0.0_<port>` whose routes (`rds_ingress_<protocol>_<port>`, the gateway routes in
 * priority order) rewrite the host to the target virtual service and send the request to the gateway's
 * own egress through `cds_ingress_<mesh>_<gateway>_self_redirect_<protocol>_15001`; the egress listener
 * `lds_egress_0.0.0.0_15001` then routes by virtual service name like a sidecar's (local layout).
 */
import { circuitBreakers, durationMs, httpConnectionManager, protocolOptions, socketAddress } from './envoy.js';
import { addSharedEgress } from './egress.js';
import type { BuildContext, Json, Named, ResourceGenerator, XdsResources } from './model.js';
import { EGRESS_PORT, listenerName, routeConfigName, selfRedirectClusterName } from './names.js';
import { DEFAULT_PER_REQUEST_MS } from './route-action.js';
import { grpcMatch, httpMatch } from './route-match.js';
import { sharedService, type ServicePort } from './services.js';
import type { GatewayGrpcRoute, GatewayHttpRoute, GatewayRouteSpec, PortProtocol } from './spec.js';

function hostnameHeader(h: { exact?: string | undefined; suffix?: string | undefined } | undefined): Json[] {
  if (h?.exact !== undefined) return [{ name: ':authority', string_match: { exact: h.exact } }];
  if (h?.suffix !== undefined) return [{ name: ':authority', string_match: { suffix: h.suffix } }];
  return [];
}

function hostRewrite(service: string, rewrite: { defaultTargetHostname?: 'ENABLED' | 'DISABLED' | undefined } | undefined): Json {
  return rewrite?.defaultTargetHostname === 'DISABLED' ? {} : { host_rewrite_literal: service };
}

function httpRouteEntry(name: string, r: GatewayHttpRoute, cluster: string): Json {
  const m = r.match;
  const action: Json = { cluster, timeout: durationMs(DEFAULT_PER_REQUEST_MS) };
  Object.assign(action, hostRewrite(r.action.target.virtualService.virtualServiceName, r.action.rewrite?.hostname));
  const prefix = r.action.rewrite?.prefix;
  if (prefix?.value !== undefined) action['prefix_rewrite'] = prefix.value;
  else if (prefix?.defaultPrefix !== 'DISABLED' && m.prefix !== undefined && m.prefix !== '/') action['prefix_rewrite'] = '/';
  if (r.action.rewrite?.path) action['regex_rewrite'] = { pattern: { regex: '.*' }, substitution: r.action.rewrite.path.exact };
  return { name, match: httpMatch(m, hostnameHeader(m.hostname)), route: action };
}

function grpcRouteEntry(name: string, r: GatewayGrpcRoute, cluster: string): Json {
  const action: Json = { cluster, timeout: durationMs(DEFAULT_PER_REQUEST_MS) };
  Object.assign(action, hostRewrite(r.action.target.virtualService.virtualServiceName, r.action.rewrite?.hostname));
  return { name, match: grpcMatch(r.match, hostnameHeader(r.match.hostname)), route: action };
}

function sortRoutes(routes: readonly Named<GatewayRouteSpec>[]): Named<GatewayRouteSpec>[] {
  return [...routes].sort((a, b) => (a.spec.priority ?? 1001) - (b.spec.priority ?? 1001) || a.name.localeCompare(b.name));
}

function targetService(spec: GatewayRouteSpec): string[] {
  const r = spec.httpRoute ?? spec.http2Route ?? spec.grpcRoute;
  return r ? [r.action.target.virtualService.virtualServiceName] : [];
}

function addGatewayListener(ctx: BuildContext, out: XdsResources, port: number, protocol: PortProtocol, routes: readonly Named<GatewayRouteSpec>[]): void {
  const mesh = ctx.mesh.meshName;
  const cluster = selfRedirectClusterName(mesh, ctx.proxy.name, protocol, EGRESS_PORT);
  out.clusters.set(cluster, {
    name: cluster,
    type: 'STATIC',
    connect_timeout: durationMs(250),
    lb_policy: 'ROUND_ROBIN',
    circuit_breakers: circuitBreakers(),
    ...protocolOptions(protocol),
    load_assignment: {
      cluster_name: cluster,
      endpoints: [{ locality: {}, lb_endpoints: [{ endpoint: { address: socketAddress(ctx.proxy.address, EGRESS_PORT) } }] }],
    },
  });
  const entries: Json[] = [];
  for (const { name, spec } of sortRoutes(routes)) {
    const http = spec.httpRoute ?? spec.http2Route;
    const matchPort = (http ?? spec.grpcRoute)?.match.port;
    if (matchPort !== undefined && matchPort !== port) continue;
    if (http) entries.push(httpRouteEntry(name, http, cluster));
    else if (spec.grpcRoute) entries.push(grpcRouteEntry(name, spec.grpcRoute, cluster));
  }
  const rds = routeConfigName('ingress', protocol, port);
  out.routes.set(rds, { name: rds, virtual_hosts: [{ name: 'ingress_gateway', domains: ['*'], routes: entries }] });
  out.listeners.set(listenerName('ingress', port), {
    name: listenerName('ingress', port),
    address: socketAddress('0.0.0.0', port),
    traffic_direction: 'INBOUND',
    filter_chains: [{ filters: [httpConnectionManager('ingress', rds)] }],
  });
}

export const gatewayGenerator: ResourceGenerator = {
  name: 'gateway',
  generate(ctx, out) {
    if (ctx.proxy.kind !== 'virtualGateway') return;
    const gateway = ctx.mesh.virtualGateway(ctx.proxy.name);
    if (!gateway) return;
    const routes = ctx.mesh.gatewayRoutes(ctx.proxy.name);
    for (const l of gateway.listeners) addGatewayListener(ctx, out, l.portMapping.port, l.portMapping.protocol, routes);
    const services = [...new Set(routes.flatMap((r) => targetService(r.spec)))];
    const ports: ServicePort[] = services.flatMap((s) => sharedService(ctx, s));
    addSharedEgress(ctx, out, ports);
  },
};
