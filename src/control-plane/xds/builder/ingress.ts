/**
 * The ingress side of a virtual node's proxy, one set per virtual node listener: the local app cluster
 * `cds_ingress_<mesh>_<node>_<protocol>_<port>` (STATIC, at MESHWORK_APP_HOST and the app port from
 * MESHWORK_APP_PORTS) with the listener's health check and connection-pool limits, the route
 * configuration `rds_ingress_<protocol>_<port>` with the listener's timeouts, and the listener itself:
 * transparent mode puts every port behind `lds_ingress_0.0.0.0_15000`; local mode binds
 * `lds_ingress_0.0.0.0_<port>` per listener port.
 */
import { circuitBreakers, duration, durationMs, httpConnectionManager, originalDstFilter, protocolOptions, socketAddress, tcpProxy } from './envoy.js';
import type { BuildContext, Json, ResourceGenerator, XdsResources } from './model.js';
import { INGRESS_PORT, ingressClusterName, listenerName, routeConfigName } from './names.js';
import { DEFAULT_PER_REQUEST_MS } from './route-action.js';
import type { ConnectionPool, HealthCheckPolicy, NodeListener, PortProtocol } from './spec.js';

const APP_CONNECT_TIMEOUT_MS = 250;

function poolLimits(pool: ConnectionPool | undefined): Json {
  if (pool?.tcp) return circuitBreakers({ max_connections: pool.tcp.maxConnections });
  if (pool?.http) {
    return circuitBreakers({
      max_connections: pool.http.maxConnections,
      ...(pool.http.maxPendingRequests !== undefined ? { max_pending_requests: pool.http.maxPendingRequests } : {}),
    });
  }
  if (pool?.http2) return circuitBreakers({ max_requests: pool.http2.maxRequests });
  if (pool?.grpc) return circuitBreakers({ max_requests: pool.grpc.maxRequests });
  return circuitBreakers();
}

export function healthCheck(h: HealthCheckPolicy): Json {
  const out: Json = {
    timeout: durationMs(h.timeoutMillis),
    interval: durationMs(h.intervalMillis),
    healthy_threshold: { value: h.healthyThreshold },
    unhealthy_threshold: { value: h.unhealthyThreshold },
  };
  if (h.protocol === 'tcp') out['tcp_health_check'] = {};
  else if (h.protocol === 'grpc') out['grpc_health_check'] = {};
  else {
    out['http_health_check'] = { path: h.path ?? '/', ...(h.protocol === 'http2' ? { codec_client_type: 'HTTP2' } : {}) };
  }
  return out;
}

function timeoutsOf(l: NodeListener, protocol: PortProtocol): { idle?: Json; perRequest?: Json } {
  if (protocol === 'tcp') return l.timeout?.tcp?.idle ? { idle: duration(l.timeout.tcp.idle) } : {};
  const t = l.timeout?.[protocol];
  const perRequest = t?.perRequest;
  return {
    ...(t?.idle ? { idle: duration(t.idle) } : {}),
    ...(perRequest ? { perRequest: duration(perRequest) } : {}),
  };
}

function addListenerResources(ctx: BuildContext, out: XdsResources, l: NodeListener, statPrefix: string): Json {
  const { port, protocol } = l.portMapping;
  const { meshName } = ctx.mesh;
  const cluster = ingressClusterName(meshName, ctx.proxy.name, protocol, port);
  const appPort = ctx.proxy.appPorts[String(port)] ?? port;
  out.clusters.set(cluster, {
    name: cluster,
    type: 'STATIC',
    connect_timeout: durationMs(APP_CONNECT_TIMEOUT_MS),
    lb_policy: 'ROUND_ROBIN',
    circuit_breakers: poolLimits(l.connectionPool),
    ...protocolOptions(protocol),
    ...(l.healthCheck ? { health_checks: [healthCheck(l.healthCheck)] } : {}),
    load_assignment: {
      cluster_name: cluster,
      endpoints: [{ locality: {}, lb_endpoints: [{ endpoint: { address: socketAddress(ctx.proxy.appHost, appPort) } }] }],
    },
  });
  const timeouts = timeoutsOf(l, protocol);
  if (protocol === 'tcp') {
    return { filters: [tcpProxy(statPrefix, { cluster }, l.timeout?.tcp?.idle)] };
  }
  const rds = routeConfigName('ingress', protocol, port);
  const action: Json = { cluster, timeout: timeouts.perRequest ?? durationMs(DEFAULT_PER_REQUEST_MS) };
  if (timeouts.idle) action['idle_timeout'] = timeouts.idle;
  out.routes.set(rds, {
    name: rds,
    virtual_hosts: [{ name: 'local_service', domains: ['*'], routes: [{ match: { prefix: '/' }, route: action }] }],
  });
  return { filters: [httpConnectionManager(statPrefix, rds)] };
}

function ingressListener(port: number, chains: Json[], extra: Json = {}): Json {
  return { name: listenerName('ingress', port), address: socketAddress('0.0.0.0', port), traffic_direction: 'INBOUND', filter_chains: chains, ...extra };
}

export const ingressGenerator: ResourceGenerator = {
  name: 'ingress',
  generate(ctx, out) {
    if (ctx.proxy.kind !== 'virtualNode') return;
    const listeners = ctx.mesh.virtualNode(ctx.proxy.name)?.listeners ?? [];
    if (listeners.length === 0) return;
    const many = listeners.length > 1;
    const prefixOf = (l: NodeListener) => (many ? `ingress.${l.portMapping.protocol}.${l.portMapping.port}` : 'ingress');
    if (ctx.proxy.interception === 'local') {
      for (const l of listeners) {
        const chain = addListenerResources(ctx, out, l, prefixOf(l));
        out.listeners.set(listenerName('ingress', l.portMapping.port), ingressListener(l.portMapping.port, [chain]));
      }
      return;
    }
    const chains = listeners.map((l) => {
      const chain = addListenerResources(ctx, out, l, prefixOf(l));
      return many ? { filter_chain_match: { destination_port: { value: l.portMapping.port } }, ...chain } : chain;
    });
    out.listeners.set(listenerName('ingress', INGRESS_PORT), ingressListener(INGRESS_PORT, chains, many ? { listener_filters: [originalDstFilter()] } : {}));
  },
};
