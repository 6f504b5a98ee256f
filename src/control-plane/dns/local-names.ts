/**
 * Local-mode names: `<svc>.<ns>.svc.cluster.local` for Kubernetes Service manifests (resolving to the
 * local workloads their selector picks) and every VirtualService name (resolving to a placeholder
 * address, since sidecars route by name, not by address). A Kubernetes Service that selects no running
 * workload answers with the placeholder when a VirtualService has its name, and with no records
 * otherwise. Names inside a Cloud Map zone never shadow Cloud Map's records.
 */
import type { StoreReader } from '../../store/store.js';
import type { LocalWorkloads } from './local-workloads.js';
import type { SnapshotBuilder } from './snapshot-builder.js';
import { normalizeName } from './zone-data.js';

export const CLUSTER_DOMAIN = 'cluster.local';
/** TTL of local-mode answers: short, since workloads come and go. */
export const LOCAL_TTL = 5;
/** Where VirtualService names point by default: in 198.18.0.0/15, reserved for testing and never routed. */
export const DEFAULT_VIRTUAL_SERVICE_ADDRESS = '198.18.0.1';

interface K8sServiceObject {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: { readonly selector?: Readonly<Record<string, string>> };
}

interface VirtualServiceObject {
  readonly id?: { readonly name?: string };
}

export interface LocalNameOptions {
  readonly workloads: LocalWorkloads;
  readonly virtualServiceAddress: string;
  readonly serial: number;
}

export function addLocalNames(builder: SnapshotBuilder, reader: StoreReader, options: LocalNameOptions): void {
  const virtualServiceNames = new Set<string>();
  for (const { value } of reader.list<VirtualServiceObject>('VirtualService')) {
    const name = value.id?.name;
    if (typeof name === 'string' && name !== '') virtualServiceNames.add(normalizeName(name));
  }
  const services = new Map<string, string[]>();
  for (const { key, value } of reader.list<K8sServiceObject>('k8s.Service')) {
    const [keyNs, keyName] = key.split('/');
    const namespace = value.metadata?.namespace ?? keyNs ?? 'default';
    const name = value.metadata?.name ?? keyName;
    if (!name) continue;
    const selector = value.spec?.selector ?? {};
    const addresses = Object.keys(selector).length === 0 ? [] : options.workloads.addresses(namespace, selector);
    services.set(normalizeName(`${name}.${namespace}.svc.${CLUSTER_DOMAIN}`), addresses);
  }
  const ensureZone = (name: string): string => {
    if (name === CLUSTER_DOMAIN || name.endsWith(`.${CLUSTER_DOMAIN}`)) {
      builder.addZone({ origin: CLUSTER_DOMAIN, soaTtl: LOCAL_TTL, serial: options.serial });
      return CLUSTER_DOMAIN;
    }
    const existing = builder.zoneOf(name);
    if (existing !== undefined) return existing;
    builder.addZone({ origin: name, soaTtl: LOCAL_TTL, serial: options.serial });
    return name;
  };
  for (const [name, addresses] of services) {
    const zone = ensureZone(name);
    const placeholder = addresses.length === 0 && virtualServiceNames.has(name);
    builder.addName(name, { kind: 'fixed', zone, ttl: LOCAL_TTL, addresses: placeholder ? [options.virtualServiceAddress] : addresses, placeholder });
  }
  for (const name of virtualServiceNames) {
    if (services.has(name)) continue;
    const zone = ensureZone(name);
    builder.addName(name, { kind: 'fixed', zone, ttl: LOCAL_TTL, addresses: [options.virtualServiceAddress], placeholder: true });
  }
}
