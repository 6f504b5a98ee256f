/**
 * One immutable, complete view of the proxy's configuration. The xDS client builds a new snapshot for
 * every accepted update and the proxy swaps it in whole; a request holds the snapshot it started with,
 * so it sees the old routes or the new ones, never a mix.
 */
import type { ClusterConfig, EndpointAssignment, EndpointConfig, ListenerConfig, RouteTable } from './model.js';

export interface VersionedRaw {
  readonly version: string;
  /** The resource as received (the Any's value), for /config_dump. */
  readonly bytes: Uint8Array;
  readonly lastUpdated: Date;
}

export class ConfigSnapshot {
  constructor(
    readonly generation: number,
    readonly listeners: ReadonlyMap<string, ListenerConfig>,
    readonly routes: ReadonlyMap<string, RouteTable>,
    readonly clusters: ReadonlyMap<string, ClusterConfig>,
    /** By EDS name. */
    readonly assignments: ReadonlyMap<string, EndpointAssignment>,
    /** Version and receipt time per resource, by type and name, for /config_dump. */
    readonly meta: ReadonlyMap<string, ReadonlyMap<string, VersionedRaw>>,
  ) {}

  static empty(): ConfigSnapshot {
    return new ConfigSnapshot(0, new Map(), new Map(), new Map(), new Map(), new Map());
  }

  /** The endpoints a cluster has now: EDS assignment or inline load_assignment. */
  endpointsOf(cluster: ClusterConfig): readonly EndpointConfig[] {
    if (cluster.edsName !== undefined) return this.assignments.get(cluster.edsName)?.endpoints ?? [];
    return cluster.inlineEndpoints;
  }
}
