/**
 * What the DNS server answers from: an immutable snapshot of every served zone and name, rebuilt
 * whole when the store changes. Names are lower case without the trailing dot.
 */

export interface DnsZone {
  /** The zone apex: a Cloud Map DNS namespace name, `cluster.local`, or a lone VirtualService name. */
  readonly origin: string;
  /** TTL of the SOA record and of negative answers. */
  readonly soaTtl: number;
  readonly serial: number;
}

export interface DnsInstance {
  readonly id: string;
  readonly ipv4?: string;
  readonly ipv6?: string;
  readonly port?: number;
  readonly cname?: string;
  /** Healthy or without a health check (UNKNOWN counts as healthy). */
  readonly healthy: boolean;
}

export type ServiceRecordType = 'A' | 'AAAA' | 'SRV' | 'CNAME';

export type NameEntry =
  /** `<service>.<namespace>`: records chosen per query by routing policy. */
  | {
      readonly kind: 'service';
      readonly zone: string;
      readonly routing: 'MULTIVALUE' | 'WEIGHTED';
      readonly ttl: Readonly<Partial<Record<ServiceRecordType, number>>>;
      readonly instances: readonly DnsInstance[];
    }
  /** `<instance>.<service>.<namespace>`, the SRV target: the instance's own A/AAAA records. */
  | { readonly kind: 'instance'; readonly zone: string; readonly ttl: number; readonly instance: DnsInstance }
  /** Local-mode names (Kubernetes Services, VirtualService names): fixed addresses. */
  | {
      readonly kind: 'fixed';
      readonly zone: string;
      readonly ttl: number;
      readonly addresses: readonly string[];
      /** True when the address only stands in for a name sidecars route by (VirtualService names). */
      readonly placeholder: boolean;
    };

export interface ZoneSnapshot {
  readonly zones: ReadonlyMap<string, DnsZone>;
  readonly names: ReadonlyMap<string, NameEntry>;
  /** Names that exist only because names below them do (`svc.cluster.local`): NODATA, not NXDOMAIN. */
  readonly interior: ReadonlySet<string>;
}

export const EMPTY_SNAPSHOT: ZoneSnapshot = { zones: new Map(), names: new Map(), interior: new Set() };

export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** The most specific served zone containing `name`, if any. */
export function findZone(snapshot: ZoneSnapshot, name: string): DnsZone | undefined {
  let candidate = name;
  for (;;) {
    const zone = snapshot.zones.get(candidate);
    if (zone) return zone;
    const dot = candidate.indexOf('.');
    if (dot < 0) return undefined;
    candidate = candidate.slice(dot + 1);
  }
}

/** Supplies the current snapshot; implementations rebuild it when their source changes. */
export interface ZoneSource {
  snapshot(): ZoneSnapshot;
}
