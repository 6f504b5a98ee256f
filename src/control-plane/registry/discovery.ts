/**
 * DiscoverInstances and DiscoverInstancesRevision: instances of a service found by namespace and
 * service *name*, filtered by QueryParameters, HealthStatus and OptionalParameters, in random order.
 * The selection itself (`selectInstances`) is pure; randomness is passed in.
 */
import { NotFoundError } from '../../core/errors.js';
import { instancesOf, namespaceByName, serviceByName, type RegistryContext } from './context.js';
import { cloudMapRef } from './errors.js';
import { countsAsHealthy, hasHealthCheck, instanceHealth } from './health.js';
import type { HealthStatus, InstanceRecord, NamespaceRecord, ServiceRecord } from './model.js';

export const HEALTH_STATUS_FILTERS = ['HEALTHY', 'UNHEALTHY', 'ALL', 'HEALTHY_OR_ELSE_ALL'] as const;
export type HealthStatusFilter = (typeof HEALTH_STATUS_FILTERS)[number];

export interface DiscoverInput {
  readonly NamespaceName: string;
  readonly ServiceName: string;
  readonly MaxResults?: number | undefined;
  readonly QueryParameters?: Readonly<Record<string, string>> | undefined;
  readonly OptionalParameters?: Readonly<Record<string, string>> | undefined;
  readonly HealthStatus?: HealthStatusFilter | undefined;
}

export interface HttpInstanceSummary {
  readonly InstanceId: string;
  readonly NamespaceName: string;
  readonly ServiceName: string;
  readonly HealthStatus: HealthStatus;
  readonly Attributes: Readonly<Record<string, string>>;
}

export interface Candidate {
  readonly instance: InstanceRecord;
  readonly health: HealthStatus;
}

export type Random = () => number;

function hasAll(attrs: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>> | undefined): boolean {
  return Object.entries(wanted ?? {}).every(([k, v]) => attrs[k] === v);
}

/** Fisher-Yates with the given source of randomness; returns a new array. */
export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Query parameters must all match; then health (ignored when the service has no health check); then
 * optional parameters, applied only when some instances match them; then a random order, capped.
 */
export function selectInstances(
  candidates: readonly Candidate[],
  input: Pick<DiscoverInput, 'QueryParameters' | 'OptionalParameters' | 'HealthStatus' | 'MaxResults'>,
  healthChecked: boolean,
  random: Random,
): Candidate[] {
  const queried = candidates.filter((c) => hasAll(c.instance.Attributes, input.QueryParameters));
  const byHealth = healthChecked ? filterHealth(queried, input.HealthStatus ?? 'HEALTHY') : queried;
  const optional = byHealth.filter((c) => hasAll(c.instance.Attributes, input.OptionalParameters));
  const chosen = optional.length > 0 ? optional : byHealth;
  return shuffle(chosen, random).slice(0, input.MaxResults ?? 100);
}

function filterHealth(items: readonly Candidate[], filter: HealthStatusFilter): Candidate[] {
  switch (filter) {
    case 'HEALTHY':
      return items.filter((c) => countsAsHealthy(c.health));
    case 'UNHEALTHY':
      return items.filter((c) => !countsAsHealthy(c.health));
    case 'ALL':
      return [...items];
    case 'HEALTHY_OR_ELSE_ALL': {
      const healthy = items.filter((c) => countsAsHealthy(c.health));
      return healthy.length > 0 ? healthy : [...items];
    }
    default: {
      const never: never = filter;
      throw new Error(`unknown health filter ${String(never)}`);
    }
  }
}

function resolveService(ctx: RegistryContext, namespaceName: string, serviceName: string): { ns: NamespaceRecord; service: ServiceRecord } {
  const ns = namespaceByName(ctx.store, namespaceName);
  if (!ns) throw new NotFoundError(cloudMapRef('Namespace', namespaceName));
  const service = serviceByName(ctx.store, ns.Id, serviceName);
  if (!service) throw new NotFoundError(cloudMapRef('Service', serviceName));
  return { ns, service };
}

export function discoverInstances(
  ctx: RegistryContext,
  input: DiscoverInput,
  random: Random = Math.random,
): { Instances: HttpInstanceSummary[]; InstancesRevision: number } {
  const { service } = resolveService(ctx, input.NamespaceName, input.ServiceName);
  const candidates = instancesOf(ctx.store, service.Id).map((instance) => ({ instance, health: instanceHealth(service, instance) }));
  const chosen = selectInstances(candidates, input, hasHealthCheck(service), random);
  return {
    Instances: chosen.map((c) => ({
      InstanceId: c.instance.Id,
      NamespaceName: input.NamespaceName,
      ServiceName: service.Name,
      HealthStatus: c.health,
      Attributes: c.instance.Attributes,
    })),
    InstancesRevision: service.instancesRevision,
  };
}

export function discoverInstancesRevision(ctx: RegistryContext, namespaceName: string, serviceName: string): { InstancesRevision: number } {
  return { InstancesRevision: resolveService(ctx, namespaceName, serviceName).service.instancesRevision };
}
