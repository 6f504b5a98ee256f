/**
 * Instances: register (or re-register), deregister, get, list, health status and custom health.
 * Register and deregister are operations whose Targets name the INSTANCE and its SERVICE; both bump
 * the service's InstancesRevision. Deregistering an instance that virtual nodes still discover is
 * allowed: it simply leaves discovery.
 */
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { StoreTx } from '../../store/store.js';
import { attributeViolations } from './attributes.js';
import { instanceKey, instancesOf, loadInstance, loadNamespace, loadService, type RegistryContext } from './context.js';
import { cloudMapRef } from './errors.js';
import { instanceHealth } from './health.js';
import { ATTR, CLOUDMAP_KINDS, type CustomHealthStatus, type HealthStatus, type InstanceRecord, type ServiceRecord } from './model.js';
import { runOperation } from './operations.js';
import { paginate } from './pagination.js';

export interface RegisterInstanceInput {
  readonly ServiceId: string;
  readonly InstanceId: string;
  readonly CreatorRequestId?: string | undefined;
  readonly Attributes: Readonly<Record<string, string>>;
}

function bumpRevision(tx: StoreTx, s: ServiceRecord): void {
  tx.put(CLOUDMAP_KINDS.service, s.Id, { ...s, instancesRevision: s.instancesRevision + 1 });
}

export function registerInstance(ctx: RegistryContext, input: RegisterInstanceInput): Promise<string> {
  return runOperation(ctx, 'REGISTER_INSTANCE', (tx) => {
    const s = loadService(tx, input.ServiceId);
    const violations = attributeViolations(input.Attributes, s, loadNamespace(tx, s.NamespaceId));
    if (violations.length > 0) throw new ValidationError(violations, { subject: `instance ${input.InstanceId}` });
    const init = input.Attributes[ATTR.initHealth];
    const record: InstanceRecord = {
      Id: input.InstanceId,
      ServiceId: s.Id,
      ...(input.CreatorRequestId !== undefined && { CreatorRequestId: input.CreatorRequestId }),
      Attributes: { ...input.Attributes },
      CreatedByAccount: ctx.identity.accountId,
      customHealth: init === 'UNHEALTHY' ? 'UNHEALTHY' : 'HEALTHY',
    };
    tx.put(CLOUDMAP_KINDS.instance, instanceKey(s.Id, input.InstanceId), record);
    bumpRevision(tx, s);
    return { INSTANCE: input.InstanceId, SERVICE: s.Id };
  });
}

export function deregisterInstance(ctx: RegistryContext, serviceId: string, instanceId: string): Promise<string> {
  return runOperation(ctx, 'DEREGISTER_INSTANCE', (tx) => {
    const s = loadService(tx, serviceId);
    loadInstance(tx, s.Id, instanceId);
    tx.delete(CLOUDMAP_KINDS.instance, instanceKey(s.Id, instanceId));
    bumpRevision(tx, s);
    return { INSTANCE: instanceId, SERVICE: s.Id };
  });
}

export interface InstanceShape {
  readonly Id: string;
  readonly CreatorRequestId?: string;
  readonly Attributes: Readonly<Record<string, string>>;
  readonly CreatedByAccount: string;
}

function instanceShape(i: InstanceRecord): InstanceShape {
  return {
    Id: i.Id,
    ...(i.CreatorRequestId !== undefined && { CreatorRequestId: i.CreatorRequestId }),
    Attributes: i.Attributes,
    CreatedByAccount: i.CreatedByAccount,
  };
}

export function getInstance(ctx: RegistryContext, serviceId: string, instanceId: string): { ResourceOwner: string; Instance: InstanceShape } {
  const s = loadService(ctx.store, serviceId);
  return { ResourceOwner: s.ResourceOwner, Instance: instanceShape(loadInstance(ctx.store, s.Id, instanceId)) };
}

export function listInstances(
  ctx: RegistryContext,
  serviceId: string,
  options: { maxResults?: number | undefined; nextToken?: string | undefined },
): { ResourceOwner: string; Instances: Omit<InstanceShape, 'CreatorRequestId'>[]; NextToken?: string } {
  const s = loadService(ctx.store, serviceId);
  const page = paginate(instancesOf(ctx.store, s.Id), options.maxResults, options.nextToken);
  const Instances = page.items.map(({ Id, Attributes, CreatedByAccount }) => ({ Id, Attributes, CreatedByAccount }));
  return { ResourceOwner: s.ResourceOwner, Instances, ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
}

export function getInstancesHealthStatus(
  ctx: RegistryContext,
  serviceId: string,
  options: { instances?: readonly string[] | undefined; maxResults?: number | undefined; nextToken?: string | undefined },
): { Status: Record<string, HealthStatus>; NextToken?: string } {
  const s = loadService(ctx.store, serviceId);
  const chosen = options.instances
    ? options.instances.map((id) => loadInstance(ctx.store, s.Id, id))
    : instancesOf(ctx.store, s.Id);
  const page = paginate(chosen, options.maxResults, options.nextToken);
  const Status: Record<string, HealthStatus> = {};
  for (const i of page.items) Status[i.Id] = instanceHealth(s, i);
  return { Status, ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
}

/** Sets an instance's custom health; CustomHealthNotFound unless the service has HealthCheckCustomConfig. */
export async function updateInstanceCustomHealthStatus(
  ctx: RegistryContext,
  serviceId: string,
  instanceId: string,
  status: CustomHealthStatus,
): Promise<void> {
  await ctx.store.transact((tx) => {
    const s = loadService(tx, serviceId);
    const i = loadInstance(tx, s.Id, instanceId);
    if (!s.HealthCheckCustomConfig) throw new NotFoundError(cloudMapRef('CustomHealthConfig', s.Id));
    if (i.customHealth !== status) tx.put(CLOUDMAP_KINDS.instance, instanceKey(s.Id, i.Id), { ...i, customHealth: status });
  });
}
