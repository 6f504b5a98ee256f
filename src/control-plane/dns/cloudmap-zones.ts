/**
 * Adds the zones and names of Cloud Map's DNS namespaces to a snapshot: `<service>.<namespace>` for
 * every service with DnsConfig, and `<instance>.<service>.<namespace>` for SRV targets.
 */
import type { StoreReader } from '../../store/store.js';
import { countsAsHealthy, instanceHealth } from '../registry/health.js';
import { ATTR, CLOUDMAP_KINDS, isDnsNamespace, type InstanceRecord, type NamespaceRecord, type ServiceRecord } from '../registry/model.js';
import { DEFAULT_SOA_TTL } from '../registry/namespaces.js';
import type { SnapshotBuilder } from './snapshot-builder.js';
import type { DnsInstance, ServiceRecordType } from './zone-data.js';

function dnsInstance(service: ServiceRecord, instance: InstanceRecord): DnsInstance {
  const a = instance.Attributes;
  const port = a[ATTR.port] === undefined ? undefined : Number(a[ATTR.port]);
  return {
    id: instance.Id,
    ...(a[ATTR.ipv4] !== undefined && { ipv4: a[ATTR.ipv4] }),
    ...(a[ATTR.ipv6] !== undefined && { ipv6: a[ATTR.ipv6] }),
    ...(port !== undefined && Number.isInteger(port) && { port }),
    ...(a[ATTR.cname] !== undefined && { cname: a[ATTR.cname] }),
    healthy: countsAsHealthy(instanceHealth(service, instance)),
  };
}

export function addCloudMapZones(builder: SnapshotBuilder, reader: StoreReader, serial: number): void {
  const namespaces = new Map<string, NamespaceRecord>();
  for (const { value: ns } of reader.list<NamespaceRecord>(CLOUDMAP_KINDS.namespace)) {
    if (!isDnsNamespace(ns)) continue;
    namespaces.set(ns.Id, ns);
    builder.addZone({ origin: ns.Name, soaTtl: ns.Properties.DnsProperties?.SOA?.TTL ?? DEFAULT_SOA_TTL, serial });
  }
  const instancesByService = new Map<string, InstanceRecord[]>();
  for (const { value: i } of reader.list<InstanceRecord>(CLOUDMAP_KINDS.instance)) {
    const list = instancesByService.get(i.ServiceId) ?? [];
    list.push(i);
    instancesByService.set(i.ServiceId, list);
  }
  for (const { value: service } of reader.list<ServiceRecord>(CLOUDMAP_KINDS.service)) {
    const ns = namespaces.get(service.NamespaceId);
    if (!ns || !service.DnsConfig) continue;
    const zone = ns.Name.toLowerCase();
    const ttl: Partial<Record<ServiceRecordType, number>> = {};
    for (const r of service.DnsConfig.DnsRecords) ttl[r.Type] = r.TTL;
    const instances = (instancesByService.get(service.Id) ?? []).map((i) => dnsInstance(service, i));
    const name = `${service.Name}.${ns.Name}`;
    builder.addName(name, { kind: 'service', zone, routing: service.DnsConfig.RoutingPolicy ?? 'MULTIVALUE', ttl, instances });
    const srvTtl = ttl.SRV;
    if (srvTtl === undefined) continue;
    for (const instance of instances) {
      if (instance.ipv4 !== undefined || instance.ipv6 !== undefined) {
        builder.addName(`${instance.id}.${name}`, { kind: 'instance', zone, ttl: srvTtl, instance });
      }
    }
  }
}
