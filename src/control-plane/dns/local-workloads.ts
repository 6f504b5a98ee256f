/**
 * How the DNS server and discovery learn which local workloads a Kubernetes Service selects.
 * Local mode implements this; until it runs, `NO_LOCAL_WORKLOADS` selects nothing.
 */
export interface LocalWorkloads {
  /**
   * Addresses (each workload's own loopback "pod IP") of the running local workloads in `namespace`
   * whose labels include every key/value of `selector`. An empty selector selects nothing, as on
   * Kubernetes.
   */
  addresses(namespace: string, selector: Readonly<Record<string, string>>): string[];
}

export const NO_LOCAL_WORKLOADS: LocalWorkloads = { addresses: () => [] };
