/**
 * What every registry operation works with: the store, the identity its ARNs name, and a clock.
 * Also the lookups that turn an id into a record or a precise not-found error.
 */
import type { Clock } from '../../core/clock.js';
import { NotFoundError } from '../../core/errors.js';
import type { ResourceStore, StoreReader } from '../../store/store.js';
import { cloudMapRef } from './errors.js';
import type { RegistryIdentity } from './ids.js';
import { idFromIdOrArn } from './ids.js';
import { CLOUDMAP_KINDS, httpName, type InstanceRecord, type NamespaceRecord, type ServiceRecord } from './model.js';

export interface RegistryContext {
  readonly store: ResourceStore;
  readonly identity: RegistryIdentity;
  readonly clock: Clock;
}

/** Cloud Map timestamps: epoch seconds with milliseconds (`1587081768.334`). */
export function epochSeconds(clock: Clock): number {
  return Math.round(clock.now()) / 1000;
}

export function instanceKey(serviceId: string, instanceId: string): string {
  return `${serviceId}/${instanceId}`;
}

export function loadNamespace(r: StoreReader, idOrArn: string): NamespaceRecord {
  const id = idFromIdOrArn(idOrArn);
  const found = r.get<NamespaceRecord>(CLOUDMAP_KINDS.namespace, id);
  if (!found) throw new NotFoundError(cloudMapRef('Namespace', id));
  return found.value;
}

export function loadService(r: StoreReader, idOrArn: string): ServiceRecord {
  const id = idFromIdOrArn(idOrArn);
  const found = r.get<ServiceRecord>(CLOUDMAP_KINDS.service, id);
  if (!found) throw new NotFoundError(cloudMapRef('Service', id));
  return found.value;
}

export function loadInstance(r: StoreReader, serviceId: string, instanceId: string): InstanceRecord {
  const found = r.get<InstanceRecord>(CLOUDMAP_KINDS.instance, instanceKey(serviceId, instanceId));
  if (!found) throw new NotFoundError(cloudMapRef('Instance', instanceId));
  return found.value;
}

export function instancesOf(r: StoreReader, serviceId: string): InstanceRecord[] {
  return r.list<InstanceRecord>(CLOUDMAP_KINDS.instance, `${serviceId}/`).map((o) => o.value);
}

export function servicesIn(r: StoreReader, namespaceId: string): ServiceRecord[] {
  return r
    .list<ServiceRecord>(CLOUDMAP_KINDS.service)
    .map((o) => o.value)
    .filter((s) => s.NamespaceId === namespaceId);
}

export function allNamespaces(r: StoreReader): NamespaceRecord[] {
  return r.list<NamespaceRecord>(CLOUDMAP_KINDS.namespace).map((o) => o.value);
}

/** The namespace DiscoverInstances and awsCloudMap discovery mean by a name (its HttpName). */
export function namespaceByName(r: StoreReader, name: string): NamespaceRecord | undefined {
  return allNamespaces(r).find((ns) => httpName(ns) === name);
}

export function serviceByName(r: StoreReader, namespaceId: string, name: string): ServiceRecord | undefined {
  return servicesIn(r, namespaceId).find((s) => s.Name === name);
}
