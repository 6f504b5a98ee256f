/**
 * What a simulated proxy reads from encoded xDS resources, straight from the protobuf bytes: the RDS
 * names its listeners refer to, the EDS names its clusters need, and the weights of the weighted
 * clusters in a RouteConfiguration. Only the fields on those paths are visited; nothing else of a
 * resource is decoded. Pure; table-tested in xds-names.test.ts against protobufjs encodings.
 */
import { bytesField, messagesAt, stringField, varintField } from '../../src/xds-api/wire/proto-wire.js';

/** Field numbers of the Envoy v3 protos on the paths read here. */
const F = {
  listener: { filterChains: 3, defaultFilterChain: 25 },
  filterChain: { filters: 3 },
  filter: { typedConfig: 4 },
  any: { typeUrl: 1, value: 2 },
  hcm: { rds: 3 },
  rds: { routeConfigName: 2 },
  cluster: { name: 1, type: 2, edsClusterConfig: 3 },
  edsClusterConfig: { serviceName: 2 },
  routeConfiguration: { virtualHosts: 2 },
  virtualHost: { routes: 3 },
  route: { route: 2 },
  routeAction: { weightedClusters: 3 },
  weightedCluster: { clusters: 1 },
  clusterWeight: { name: 1, weight: 2 },
  uint32Value: { value: 1 },
} as const;

const CLUSTER_TYPE_EDS = 3;
const HCM_TYPE_SUFFIX = '.HttpConnectionManager';

/** Route configuration names that listeners' HTTP connection managers load by RDS (`rds.route_config_name`). */
export function rdsNames(listeners: readonly Uint8Array[]): string[] {
  const names = new Set<string>();
  for (const l of listeners) {
    const chains = [...messagesAt(l, [F.listener.filterChains]), ...messagesAt(l, [F.listener.defaultFilterChain])];
    for (const typed of chains.flatMap((c) => messagesAt(c, [F.filterChain.filters, F.filter.typedConfig]))) {
      if (!stringField(typed, F.any.typeUrl).endsWith(HCM_TYPE_SUFFIX)) continue;
      const hcm = bytesField(typed, F.any.value);
      const rds = hcm && bytesField(hcm, F.hcm.rds);
      const name = rds ? stringField(rds, F.rds.routeConfigName) : '';
      if (name !== '') names.add(name);
    }
  }
  return [...names].sort();
}

/** ClusterLoadAssignment names that EDS clusters need: `eds_cluster_config.service_name`, or the cluster's name. */
export function edsNames(clusters: readonly Uint8Array[]): string[] {
  const names = new Set<string>();
  for (const c of clusters) {
    if (varintField(c, F.cluster.type) !== CLUSTER_TYPE_EDS) continue;
    const eds = bytesField(c, F.cluster.edsClusterConfig);
    const serviceName = eds ? stringField(eds, F.edsClusterConfig.serviceName) : '';
    const name = serviceName !== '' ? serviceName : stringField(c, F.cluster.name);
    if (name !== '') names.add(name);
  }
  return [...names].sort();
}

/** Every (cluster name, weight) of every `weighted_clusters` of every route in a RouteConfiguration. */
export function weightedClusters(routeConfiguration: Uint8Array): Array<{ name: string; weight: number }> {
  const path = [F.routeConfiguration.virtualHosts, F.virtualHost.routes, F.route.route, F.routeAction.weightedClusters, F.weightedCluster.clusters];
  return messagesAt(routeConfiguration, path).map((cw) => {
    const w = bytesField(cw, F.clusterWeight.weight);
    return { name: stringField(cw, F.clusterWeight.name), weight: w ? varintField(w, F.uint32Value.value) : 0 };
  });
}

/**
 * The share (0..1) of traffic RouteConfigurations send to clusters whose name contains `marker`
 * (for example `_green_`), over all their weighted clusters; undefined when they have none.
 */
export function shareOf(routeConfigurations: readonly Uint8Array[], marker: string): number | undefined {
  const all = routeConfigurations.flatMap(weightedClusters);
  const total = all.reduce((n, c) => n + c.weight, 0);
  if (total === 0) return undefined;
  return all.filter((c) => c.name.includes(marker)).reduce((n, c) => n + c.weight, 0) / total;
}
