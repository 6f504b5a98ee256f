/**
 * Egress clusters: one per (target virtual node, listener port), named
 * `cds_egress_<mesh>_<node>_<protocol>_<port>`, with endpoints from the node's service discovery:
 * Cloud Map → EDS; a DNS name Meshwork serves → EDS; any other DNS name → LOGICAL_DNS (or STRICT_DNS for
 * responseType ENDPOINTS). The target's outlier detection applies here, on the client side, as in App Mesh.
 */
import { ads, circuitBreakers, duration, durationMs, protocolOptions, socketAddress } from './envoy.js';
import { loadAssignment } from './endpoints.js';
import type { BuildContext, Json, XdsResources } from './model.js';
import { allowAllClusterName, egressClusterName } from './names.js';
import type { TargetRef } from './services.js';
import type { OutlierDetection } from './spec.js';

const EGRESS_CONNECT_TIMEOUT_MS = 1000;

export function outlierDetection(o: OutlierDetection): Json {
  return {
    consecutive_5xx: { value: o.maxServerErrors },
    interval: duration(o.interval),
    base_ejection_time: duration(o.baseEjectionDuration),
    max_ejection_percent: { value: o.maxEjectionPercent },
    enforcing_consecutive_5xx: { value: 100 },
    enforcing_success_rate: { value: 0 },
  };
}

/** Adds the egress cluster for `target` (and its load assignment when it uses EDS), once. */
export function addEgressCluster(ctx: BuildContext, out: XdsResources, target: TargetRef): void {
  const mesh = ctx.mesh.meshName;
  const name = egressClusterName(mesh, target.node, target.protocol, target.port);
  if (out.clusters.has(name)) return;
  const node = ctx.mesh.virtualNode(target.node);
  const listener = node?.listeners?.find((l) => l.portMapping.port === target.port);
  const base: Json = {
    name,
    connect_timeout: durationMs(EGRESS_CONNECT_TIMEOUT_MS),
    lb_policy: 'ROUND_ROBIN',
    circuit_breakers: circuitBreakers(),
    ...protocolOptions(target.protocol),
    ...(listener?.outlierDetection ? { outlier_detection: outlierDetection(listener.outlierDetection) } : {}),
  };
  const sd = node?.serviceDiscovery;
  const cloudMap = sd?.awsCloudMap;
  if (cloudMap) {
    const attributes = Object.fromEntries((cloudMap.attributes ?? []).map((a) => [a.key, a.value]));
    const found = ctx.endpoints.cloudMapEndpoints({
      namespaceName: cloudMap.namespaceName,
      serviceName: cloudMap.serviceName,
      ...(cloudMap.attributes && cloudMap.attributes.length > 0 ? { attributes } : {}),
    });
    addEds(out, base, loadAssignment(name, found, target.port));
    return;
  }
  const dns = sd?.dns;
  const served = dns ? ctx.endpoints.dnsEndpoints(dns.hostname) : [];
  if (dns && served === undefined) {
    out.clusters.set(name, {
      ...base,
      type: dns.responseType === 'ENDPOINTS' ? 'STRICT_DNS' : 'LOGICAL_DNS',
      dns_lookup_family: 'V4_ONLY',
      load_assignment: {
        cluster_name: name,
        endpoints: [{ locality: {}, lb_endpoints: [{ endpoint: { address: socketAddress(dns.hostname, target.port) } }] }],
      },
    });
    return;
  }
  addEds(out, base, loadAssignment(name, served ?? [], target.port));
}

function addEds(out: XdsResources, base: Json, assignment: Json): void {
  const name = base['name'] as string;
  out.clusters.set(name, { ...base, type: 'EDS', eds_cluster_config: { eds_config: ads() } });
  out.endpoints.set(name, assignment);
}

/** The cluster that carries traffic for destinations outside the mesh when the egress filter is ALLOW_ALL. */
export function addAllowAllCluster(ctx: BuildContext, out: XdsResources): string {
  const name = allowAllClusterName(ctx.mesh.meshName);
  out.clusters.set(name, {
    name,
    type: 'ORIGINAL_DST',
    lb_policy: 'CLUSTER_PROVIDED',
    connect_timeout: durationMs(EGRESS_CONNECT_TIMEOUT_MS),
    circuit_breakers: circuitBreakers(),
    // Local mode has no redirected connection to take the destination from: the proxy reads it from
    // the absolute URI or Host header of the request instead.
    ...(ctx.proxy.interception === 'local' ? { original_dst_lb_config: { use_http_header: true } } : {}),
  });
  return name;
}

export function allowsAll(ctx: BuildContext): boolean {
  return ctx.mesh.mesh()?.egressFilter?.type === 'ALLOW_ALL';
}
