/**
 * What a simulated proxy needs to read from decoded xDS resources (plain objects, proto field names):
 * the RDS names its listeners refer to, the EDS names its clusters need, and the weights of the weighted
 * clusters in a RouteConfiguration. Pure; table-tested in xds-names.test.ts.
 */

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** Calls `visit` on every object nested in `value` (depth first). */
function walk(value: unknown, visit: (o: Obj) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, visit);
  } else if (isObj(value)) {
    visit(value);
    for (const v of Object.values(value)) walk(v, visit);
  }
}

/** Route configuration names that listeners' HTTP connection managers load by RDS (`rds.route_config_name`). */
export function rdsNames(listeners: readonly unknown[]): string[] {
  const names = new Set<string>();
  walk(listeners, (o) => {
    const rds = o['rds'];
    if (isObj(rds) && typeof rds['route_config_name'] === 'string' && rds['route_config_name'] !== '') names.add(rds['route_config_name']);
  });
  return [...names].sort();
}

/** ClusterLoadAssignment names that EDS clusters need: `eds_cluster_config.service_name`, or the cluster's name. */
export function edsNames(clusters: readonly unknown[]): string[] {
  const names = new Set<string>();
  for (const c of clusters) {
    if (!isObj(c) || c['type'] !== 'EDS') continue;
    const eds = c['eds_cluster_config'];
    const serviceName = isObj(eds) && typeof eds['service_name'] === 'string' ? eds['service_name'] : '';
    const name = serviceName !== '' ? serviceName : c['name'];
    if (typeof name === 'string' && name !== '') names.add(name);
  }
  return [...names].sort();
}

/** Every (cluster name, weight) of every `weighted_clusters` in a RouteConfiguration. */
export function weightedClusters(routeConfiguration: unknown): Array<{ name: string; weight: number }> {
  const out: Array<{ name: string; weight: number }> = [];
  walk(routeConfiguration, (o) => {
    const wc = o['weighted_clusters'];
    if (!isObj(wc) || !Array.isArray(wc['clusters'])) return;
    for (const c of wc['clusters']) {
      if (!isObj(c) || typeof c['name'] !== 'string') continue;
      const w = c['weight'];
      const weight = isObj(w) ? Number(w['value']) : Number(w);
      out.push({ name: c['name'], weight: Number.isFinite(weight) ? weight : 0 });
    }
  });
  return out;
}

/**
 * The share (0..1) of traffic a RouteConfiguration sends to clusters whose name contains `marker`
 * (for example `_green_`), over all weighted clusters; undefined when it has none.
 */
export function shareOf(routeConfiguration: unknown, marker: string): number | undefined {
  const all = weightedClusters(routeConfiguration);
  const total = all.reduce((n, c) => n + c.weight, 0);
  if (total === 0) return undefined;
  return all.filter((c) => c.name.includes(marker)).reduce((n, c) => n + c.weight, 0) / total;
}
