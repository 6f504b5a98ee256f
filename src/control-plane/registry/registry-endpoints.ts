/**
 * EndpointSource over the Cloud Map registry and the DNS zone data: what the xDS layer reads to build
 * EDS for virtual nodes with `serviceDiscovery.awsCloudMap` (and `dns` names Meshwork serves itself).
 *
 * - `cloudMapEndpoints`: every instance of the service whose attributes contain the filter, with its
 *   address (AWS_INSTANCE_IPV4, else AWS_INSTANCE_IPV6), port (AWS_INSTANCE_PORT) and health. Instances
 *   without an address are skipped. All are returned, healthy or not: the caller decides.
 * - `dnsEndpoints`: the addresses Meshwork's DNS server holds for a name; undefined outside its zones
 *   and for VirtualService placeholder names (there is nothing real behind those).
 * - `onChange`: called once per store transaction that touched Cloud Map or local-mode names.
 */
import { isIP } from 'node:net';
import type { ResourceStore } from '../../store/store.js';
import { findZone, normalizeName, type ZoneSource } from '../dns/zone-data.js';
import { instancesOf, namespaceByName, serviceByName } from './context.js';
import type { CloudMapQuery, DiscoveredEndpoint, EndpointSource } from './endpoints.js';
import { instanceHealth } from './health.js';
import { ATTR, type InstanceRecord } from './model.js';

/** Kinds whose changes can move endpoints; `local.Workload` is where local mode keeps running workloads. */
const WATCHED_KINDS = new Set(['cloudmap.Namespace', 'cloudmap.Service', 'cloudmap.Instance', 'k8s.Service', 'VirtualService', 'local.Workload']);

function port(instance: InstanceRecord): number | undefined {
  const raw = instance.Attributes[ATTR.port];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 && n <= 65535 ? n : undefined;
}

export class RegistryEndpointSource implements EndpointSource {
  readonly #store: ResourceStore;
  readonly #zones: ZoneSource;

  constructor(store: ResourceStore, zones: ZoneSource) {
    this.#store = store;
    this.#zones = zones;
  }

  cloudMapEndpoints(query: CloudMapQuery): DiscoveredEndpoint[] {
    const ns = namespaceByName(this.#store, query.namespaceName);
    const service = ns && serviceByName(this.#store, ns.Id, query.serviceName);
    if (!service) return [];
    const wanted = Object.entries(query.attributes ?? {});
    const out: DiscoveredEndpoint[] = [];
    for (const instance of instancesOf(this.#store, service.Id)) {
      if (!wanted.every(([k, v]) => instance.Attributes[k] === v)) continue;
      const address = instance.Attributes[ATTR.ipv4] ?? instance.Attributes[ATTR.ipv6];
      if (address === undefined || isIP(address) === 0) continue;
      const p = port(instance);
      out.push({
        address,
        ...(p !== undefined && { port: p }),
        health: instanceHealth(service, instance),
        instanceId: instance.Id,
        attributes: instance.Attributes,
      });
    }
    return out;
  }

  dnsEndpoints(hostname: string): DiscoveredEndpoint[] | undefined {
    const snapshot = this.#zones.snapshot();
    const name = normalizeName(hostname);
    if (!findZone(snapshot, name)) return undefined;
    const entry = snapshot.names.get(name);
    if (!entry) return [];
    switch (entry.kind) {
      case 'fixed':
        if (entry.placeholder) return undefined;
        return entry.addresses.map((address) => ({ address, health: 'UNKNOWN', instanceId: address, attributes: {} }));
      case 'instance':
      case 'service': {
        const instances = entry.kind === 'instance' ? [entry.instance] : entry.instances;
        return instances.flatMap((i) => {
          const address = i.ipv4 ?? i.ipv6;
          if (address === undefined) return [];
          return [{ address, ...(i.port !== undefined && { port: i.port }), health: i.healthy ? 'HEALTHY' : 'UNHEALTHY', instanceId: i.id, attributes: {} }];
        });
      }
      default: {
        const never: never = entry;
        throw new Error(`unknown name entry ${JSON.stringify(never)}`);
      }
    }
  }

  onChange(listener: () => void): () => void {
    return this.#store.watch(this.#store.revision(), (events) => {
      if (events.some((e) => WATCHED_KINDS.has(e.kind))) listener();
    });
  }
}
