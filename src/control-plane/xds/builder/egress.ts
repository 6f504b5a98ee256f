/**
 * The egress side of a virtual node's proxy: listener `lds_egress_0.0.0.0_15001`, route configurations
 * scoped to the node's backends, their clusters and endpoints, and the mesh egress filter
 * (ALLOW_ALL → `cds_egress_<mesh>_mesh-allow-all`; DROP_ALL → unknown destinations get nothing).
 *
 * Transparent mode (iptables in front): one filter chain per destination port, HTTP ports through
 * `rds_egress_<protocol>_<port>`, TCP ports straight to their clusters.
 * Local mode (HTTP_PROXY clients): one HTTP connection manager with `rds_egress_http_15001`.
 */
import { addAllowAllCluster, addEgressCluster, allowsAll } from './clusters.js';
import { httpConnectionManager, isHttpLike, originalDstFilter, socketAddress, tcpProxy } from './envoy.js';
import type { BuildContext, Json, ResourceGenerator, XdsResources } from './model.js';
import { EGRESS_PORT, egressClusterName, listenerName, routeConfigName } from './names.js';
import { sharedService, type ServicePort } from './services.js';
import { allowAllVirtualHost, serviceVirtualHost, sharedVirtualHosts } from './virtual-hosts.js';

/** The backend services of the proxy's virtual node, resolved, in backend order. */
export function backendPorts(ctx: BuildContext): readonly ServicePort[] {
  if (ctx.proxy.kind !== 'virtualNode') return [];
  const backends = ctx.mesh.virtualNode(ctx.proxy.name)?.backends ?? [];
  const names = [...new Set(backends.flatMap((b) => (b.virtualService ? [b.virtualService.virtualServiceName] : [])))];
  return names.flatMap((n) => sharedService(ctx, n));
}

export function egressListener(filterChains: Json[], extra: Json = {}): Json {
  return {
    name: listenerName('egress', EGRESS_PORT),
    address: socketAddress('0.0.0.0', EGRESS_PORT),
    traffic_direction: 'OUTBOUND',
    filter_chains: filterChains,
    ...extra,
  };
}

/** Local mode and gateways: one HCM, one route configuration for every backend. */
export function addSharedEgress(ctx: BuildContext, out: XdsResources, ports: readonly ServicePort[]): void {
  const rds = routeConfigName('egress', 'http', EGRESS_PORT);
  const hosts = sharedVirtualHosts(ctx, out, ports);
  if (allowsAll(ctx)) hosts.push(allowAllVirtualHost(addAllowAllCluster(ctx, out)));
  out.routes.set(rds, { name: rds, virtual_hosts: hosts });
  out.listeners.set(listenerName('egress', EGRESS_PORT), egressListener([{ filters: [httpConnectionManager('egress', rds)] }]));
}

function addTransparentEgress(ctx: BuildContext, out: XdsResources, ports: readonly ServicePort[]): void {
  const byPort = new Map<number, ServicePort[]>();
  for (const sp of ports) byPort.set(sp.port, [...(byPort.get(sp.port) ?? []), sp]);
  const allowAll = allowsAll(ctx) ? addAllowAllCluster(ctx, out) : undefined;
  const chains: Json[] = [];
  for (const [port, group] of [...byPort].sort(([a], [b]) => a - b)) {
    const http = group.filter((sp) => isHttpLike(sp.protocol));
    const match = { filter_chain_match: { destination_port: { value: port } } };
    if (http.length > 0) {
      const protocol = http[0]!.protocol;
      const rds = routeConfigName('egress', protocol, port);
      const hosts = http.map((sp) => serviceVirtualHost(ctx, out, sp, sp.service, true));
      if (allowAll) hosts.push(allowAllVirtualHost(allowAll));
      out.routes.set(rds, { name: rds, virtual_hosts: hosts });
      chains.push({ ...match, filters: [httpConnectionManager('egress', rds)] });
      continue;
    }
    const tcp = group[0]!.routes.find((r) => r.kind === 'tcp' && r.targets.length > 0);
    if (!tcp || tcp.kind !== 'tcp') continue;
    for (const t of tcp.targets) addEgressCluster(ctx, out, t);
    const clusters = tcp.targets.map((t) => ({ name: egressClusterName(ctx.mesh.meshName, t.node, t.protocol, t.port), weight: t.weight }));
    chains.push({ ...match, filters: [tcpProxy('egress', { weighted_clusters: { clusters } }, tcp.route.timeout?.idle)] });
  }
  if (chains.length === 0 && !allowAll) return;
  const extra: Json = { listener_filters: [originalDstFilter()] };
  if (allowAll) extra['default_filter_chain'] = { filters: [tcpProxy('egress', { cluster: allowAll })] };
  out.listeners.set(listenerName('egress', EGRESS_PORT), egressListener(chains, extra));
}

export const egressGenerator: ResourceGenerator = {
  name: 'egress',
  generate(ctx, out) {
    if (ctx.proxy.kind !== 'virtualNode' || !ctx.mesh.virtualNode(ctx.proxy.name)) return;
    const ports = backendPorts(ctx);
    if (ctx.proxy.interception === 'local') addSharedEgress(ctx, out, ports);
    else addTransparentEgress(ctx, out, ports);
  },
};
