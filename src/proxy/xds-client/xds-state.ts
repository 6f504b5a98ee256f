/**
 * The accepted xDS resources by type, the names subscribed for RDS and EDS, and the snapshot they make.
 * Pure bookkeeping: no I/O. The ADS client feeds it accepted responses.
 */
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL, RESOURCE_TYPE_URLS, type ResourceTypeUrl } from '../../xds-api/type-urls.js';
import { rdsNamesOf } from '../config/compile-listener.js';
import type { ClusterConfig, EndpointAssignment, ListenerConfig, RouteTable } from '../config/model.js';
import { ConfigSnapshot, type VersionedRaw } from '../config/snapshot.js';
import type { Decoded } from './decoders.js';

interface Entry<T> extends VersionedRaw {
  readonly value: T;
}

export interface TypeState {
  /** Last accepted version_info, '' before the first. */
  version: string;
  nonce: string;
  /** Names requested (RDS/EDS); empty for wildcard types. */
  names: string[];
  received: boolean;
  readonly entries: Map<string, Entry<unknown>>;
  lastError: string | undefined;
}

export class XdsState {
  readonly types = new Map<ResourceTypeUrl, TypeState>(
    RESOURCE_TYPE_URLS.map((t) => [t, { version: '', nonce: '', names: [], received: false, entries: new Map(), lastError: undefined }]),
  );
  #generation = 0;

  of(typeUrl: ResourceTypeUrl): TypeState {
    return this.types.get(typeUrl)!;
  }

  /** Applies an accepted response: wildcard types are replaced whole, named types per resource. */
  accept(typeUrl: ResourceTypeUrl, version: string, items: readonly Decoded<unknown>[], wildcard: boolean): void {
    const s = this.of(typeUrl);
    const now = new Date();
    if (wildcard) s.entries.clear();
    for (const it of items) s.entries.set(it.name, { value: it.value, bytes: it.bytes, version, lastUpdated: now });
    if (!wildcard) for (const name of [...s.entries.keys()]) if (!s.names.includes(name)) s.entries.delete(name);
    s.version = version;
    s.received = true;
    s.lastError = undefined;
  }

  /** RDS names the listeners need. */
  wantedRoutes(): string[] {
    const names = new Set<string>();
    for (const e of this.of(LISTENER_TYPE_URL).entries.values()) for (const n of rdsNamesOf(e.value as ListenerConfig)) names.add(n);
    return [...names].sort();
  }

  /** EDS names the clusters need. */
  wantedEndpoints(): string[] {
    const names = new Set<string>();
    for (const e of this.of(CLUSTER_TYPE_URL).entries.values()) {
      const eds = (e.value as ClusterConfig).edsName;
      if (eds !== undefined) names.add(eds);
    }
    return [...names].sort();
  }

  /** True once LDS and CDS arrived and every RDS/EDS resource they need is here. */
  initialized(): boolean {
    if (!this.of(LISTENER_TYPE_URL).received || !this.of(CLUSTER_TYPE_URL).received) return false;
    const routes = this.of(ROUTE_CONFIGURATION_TYPE_URL).entries;
    const eps = this.of(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL).entries;
    return this.wantedRoutes().every((n) => routes.has(n)) && this.wantedEndpoints().every((n) => eps.has(n));
  }

  snapshot(): ConfigSnapshot {
    const pick = <T>(t: ResourceTypeUrl) => new Map([...this.of(t).entries].map(([k, e]) => [k, e.value as T]));
    const meta = new Map([...this.types].map(([t, s]) => [t as string, new Map(s.entries) as ReadonlyMap<string, VersionedRaw>]));
    return new ConfigSnapshot(
      ++this.#generation,
      pick<ListenerConfig>(LISTENER_TYPE_URL),
      pick<RouteTable>(ROUTE_CONFIGURATION_TYPE_URL),
      pick<ClusterConfig>(CLUSTER_TYPE_URL),
      pick<EndpointAssignment>(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL),
      meta,
    );
  }
}
