/**
 * ClusterLoadAssignments from the registry. Every locality group carries `locality` and
 * `load_balancing_weight` (grpc-js-xds drops groups without them); every endpoint carries the
 * registry's health so proxies skip UNHEALTHY ones; duplicate addresses are sent once.
 */
import type { DiscoveredEndpoint } from '../../registry/endpoints.js';
import type { Json } from './model.js';
import { socketAddress } from './envoy.js';

export function loadAssignment(clusterName: string, discovered: readonly DiscoveredEndpoint[], defaultPort: number): Json {
  const seen = new Set<string>();
  const lbEndpoints: Json[] = [];
  const sorted = [...discovered].sort((a, b) => a.instanceId.localeCompare(b.instanceId) || a.address.localeCompare(b.address));
  for (const ep of sorted) {
    const port = ep.port ?? defaultPort;
    const key = `${ep.address}|${port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lbEndpoints.push({
      endpoint: { address: socketAddress(ep.address, port) },
      health_status: ep.health,
    });
  }
  return {
    cluster_name: clusterName,
    endpoints: lbEndpoints.length === 0 ? [] : [{ locality: {}, load_balancing_weight: { value: 1 }, lb_endpoints: lbEndpoints }],
  };
}
