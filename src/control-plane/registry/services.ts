/**
 * Services: create (synchronous), get, list, update (an operation), delete (synchronous).
 * DNS rules from the API reference: record types A, AAAA, A+AAAA, SRV or CNAME; CNAME needs WEIGHTED
 * routing and no HealthCheckConfig; HealthCheckConfig and HealthCheckCustomConfig exclude each other;
 * HTTP namespaces take no DnsConfig.
 */
import { InUseError, ValidationError, type Violation } from '../../core/errors.js';
import type { StoreTx } from '../../store/store.js';
import { epochSeconds, instancesOf, loadNamespace, loadService, servicesIn, type RegistryContext } from './context.js';
import { CloudMapAlreadyExistsError, cloudMapRef } from './errors.js';
import { compileFilters, type Filter, type FilterSpec } from './filters.js';
import { idFromIdOrArn, newServiceId, serviceArn } from './ids.js';
import {
  CLOUDMAP_KINDS,
  isDnsNamespace,
  type DnsConfig,
  type DnsRecord,
  type HealthCheckConfig,
  type HealthCheckCustomConfig,
  type ServiceRecord,
  type Tag,
} from './model.js';
import { runOperation } from './operations.js';
import { paginate, type Page } from './pagination.js';
import { writeTags } from './tags.js';

export interface CreateServiceInput {
  readonly Name: string;
  readonly NamespaceId?: string | undefined;
  readonly CreatorRequestId?: string | undefined;
  readonly Description?: string | undefined;
  readonly DnsConfig?: DnsConfig | undefined;
  readonly HealthCheckConfig?: HealthCheckConfig | undefined;
  readonly HealthCheckCustomConfig?: HealthCheckCustomConfig | undefined;
  readonly Tags?: readonly Tag[] | undefined;
  readonly Type?: 'HTTP' | undefined;
}

export type ServiceView = Omit<ServiceRecord, 'instancesRevision'> & { readonly InstanceCount: number };

export function serviceView(ctx: RegistryContext, s: ServiceRecord): ServiceView {
  const { instancesRevision: _r, ...shape } = s;
  return { ...shape, InstanceCount: instancesOf(ctx.store, s.Id).length };
}

export async function createService(ctx: RegistryContext, input: CreateServiceInput): Promise<ServiceView> {
  const namespaceId = input.NamespaceId ?? input.DnsConfig?.NamespaceId;
  if (namespaceId === undefined) throw new ValidationError([{ field: 'NamespaceId', message: 'is required' }]);
  const created = await ctx.store.transact((tx) => {
    const ns = loadNamespace(tx, namespaceId);
    const clash = servicesIn(tx, ns.Id).find((s) => s.Name.toLowerCase() === input.Name.toLowerCase());
    if (clash) {
      if (input.CreatorRequestId !== undefined && clash.CreatorRequestId === input.CreatorRequestId) return clash;
      throw new CloudMapAlreadyExistsError('Service', input.Name, {
        ServiceId: clash.Id,
        ServiceArn: clash.Arn,
        ...(clash.CreatorRequestId !== undefined && { CreatorRequestId: clash.CreatorRequestId }),
      });
    }
    const violations = serviceViolations(isDnsNamespace(ns), input.DnsConfig, input.HealthCheckConfig, input.HealthCheckCustomConfig);
    if (input.Type === 'HTTP' && input.DnsConfig) violations.push({ field: 'Type', message: 'HTTP services take no DnsConfig' });
    if (violations.length > 0) throw new ValidationError(violations);
    const id = newServiceId();
    const dns = input.DnsConfig && { ...input.DnsConfig, NamespaceId: ns.Id, RoutingPolicy: input.DnsConfig.RoutingPolicy ?? 'MULTIVALUE' };
    const record: ServiceRecord = {
      Id: id,
      Arn: serviceArn(ctx.identity, id),
      ResourceOwner: ctx.identity.accountId,
      Name: input.Name,
      NamespaceId: ns.Id,
      ...(input.Description !== undefined && { Description: input.Description }),
      ...(dns && { DnsConfig: dns }),
      Type: dns ? 'DNS_HTTP' : 'HTTP',
      ...(input.HealthCheckConfig && { HealthCheckConfig: input.HealthCheckConfig }),
      ...(input.HealthCheckCustomConfig && { HealthCheckCustomConfig: { FailureThreshold: 1 } }),
      CreateDate: epochSeconds(ctx.clock),
      ...(input.CreatorRequestId !== undefined && { CreatorRequestId: input.CreatorRequestId }),
      CreatedByAccount: ctx.identity.accountId,
      instancesRevision: 0,
    };
    tx.put(CLOUDMAP_KINDS.service, id, record, { expectedVersion: 0 });
    writeTags(tx, record.Arn, input.Tags ?? []);
    return record;
  });
  return serviceView(ctx, created);
}

const ALLOWED_RECORD_SETS = ['A', 'AAAA', 'A+AAAA', 'SRV', 'CNAME'];

function serviceViolations(
  dnsNamespace: boolean,
  dns: DnsConfig | undefined,
  check: HealthCheckConfig | undefined,
  custom: HealthCheckCustomConfig | undefined,
): Violation[] {
  const out: Violation[] = [];
  if (check && custom) out.push({ field: 'HealthCheckCustomConfig', message: 'cannot be combined with HealthCheckConfig' });
  if (check?.Type === 'TCP' && check.ResourcePath !== undefined) {
    out.push({ field: 'HealthCheckConfig.ResourcePath', message: 'is not allowed for TCP health checks' });
  }
  if (!dns) return out;
  if (!dnsNamespace) {
    out.push({ field: 'DnsConfig', message: 'is not allowed for a service in an HTTP namespace' });
    return out;
  }
  out.push(...dnsRecordViolations(dns.DnsRecords, dns.RoutingPolicy ?? 'MULTIVALUE', check));
  return out;
}

function dnsRecordViolations(records: readonly DnsRecord[], routing: string, check: HealthCheckConfig | undefined): Violation[] {
  const out: Violation[] = [];
  const types = records.map((r) => r.Type);
  const set = ['A', 'AAAA', 'SRV', 'CNAME'].filter((t) => types.includes(t as DnsRecord['Type'])).join('+');
  if (new Set(types).size !== types.length) out.push({ field: 'DnsConfig.DnsRecords', message: 'lists a record type more than once' });
  else if (!ALLOWED_RECORD_SETS.includes(set)) {
    out.push({ field: 'DnsConfig.DnsRecords', message: `${set || 'no records'} is not a valid combination; use A, AAAA, A and AAAA, SRV, or CNAME` });
  }
  if (types.includes('CNAME') && routing !== 'WEIGHTED') out.push({ field: 'DnsConfig.RoutingPolicy', message: 'must be WEIGHTED for CNAME records' });
  if (types.includes('CNAME') && check) out.push({ field: 'HealthCheckConfig', message: 'is not allowed with CNAME records' });
  return out;
}

export function getService(ctx: RegistryContext, id: string): ServiceView {
  return serviceView(ctx, loadService(ctx.store, id));
}

const SERVICE_FILTERS: FilterSpec<ServiceRecord> = {
  NAMESPACE_ID: { conditions: ['EQ', 'IN'], read: (s) => s.NamespaceId },
  RESOURCE_OWNER: { conditions: ['EQ'], read: (s) => s.ResourceOwner },
};

export type ServiceSummary = Omit<ServiceView, 'NamespaceId' | 'CreatorRequestId'>;

export function listServices(
  ctx: RegistryContext,
  options: { filters?: readonly Filter[] | undefined; maxResults?: number | undefined; nextToken?: string | undefined },
): Page<ServiceSummary> {
  const filters = options.filters?.map((f) => (f.Name === 'NAMESPACE_ID' ? { ...f, Values: f.Values.map(idFromIdOrArn) } : f));
  const keep = compileFilters(SERVICE_FILTERS, filters);
  const all = ctx.store.list<ServiceRecord>(CLOUDMAP_KINDS.service).map((o) => o.value);
  const page = paginate(all.filter(keep), options.maxResults, options.nextToken);
  const items = page.items.map((s) => {
    const { NamespaceId: _n, CreatorRequestId: _c, ...summary } = serviceView(ctx, s);
    return summary;
  });
  return page.nextToken === undefined ? { items } : { items, nextToken: page.nextToken };
}

export interface ServiceChange {
  readonly Description?: string | undefined;
  readonly DnsConfig?: { readonly DnsRecords: readonly DnsRecord[] } | undefined;
  readonly HealthCheckConfig?: HealthCheckConfig | undefined;
}

/** UpdateService: DnsRecords are replaced when given; a HealthCheckConfig left out is removed. */
export function updateService(ctx: RegistryContext, id: string, change: ServiceChange): Promise<string> {
  return runOperation(ctx, 'UPDATE_SERVICE', (tx: StoreTx) => {
    const s = loadService(tx, id);
    const ns = loadNamespace(tx, s.NamespaceId);
    if (!isDnsNamespace(ns)) throw new ValidationError([{ field: 'Id', message: `service ${s.Id} is in HTTP namespace ${ns.Id}; UpdateService is not allowed there` }]);
    if (change.HealthCheckConfig && s.HealthCheckCustomConfig) {
      throw new ValidationError([{ field: 'Service.HealthCheckConfig', message: 'cannot be added to a service with HealthCheckCustomConfig' }]);
    }
    const dns: DnsConfig | undefined =
      change.DnsConfig && s.DnsConfig ? { ...s.DnsConfig, DnsRecords: change.DnsConfig.DnsRecords } : s.DnsConfig;
    if (change.DnsConfig && !s.DnsConfig) throw new ValidationError([{ field: 'Service.DnsConfig', message: `service ${s.Id} has no DNS configuration to change` }]);
    if (dns) {
      const violations = dnsRecordViolations(dns.DnsRecords, dns.RoutingPolicy ?? 'MULTIVALUE', change.HealthCheckConfig);
      if (violations.length > 0) throw new ValidationError(violations.map((v) => ({ ...v, field: `Service.${v.field}` })));
    }
    const { HealthCheckConfig: _old, ...rest } = s;
    const updated: ServiceRecord = {
      ...rest,
      ...(change.Description !== undefined && { Description: change.Description }),
      ...(dns && { DnsConfig: dns }),
      ...(change.HealthCheckConfig && { HealthCheckConfig: change.HealthCheckConfig }),
    };
    tx.put(CLOUDMAP_KINDS.service, s.Id, updated);
    return { SERVICE: s.Id };
  });
}

export async function deleteService(ctx: RegistryContext, id: string): Promise<void> {
  await ctx.store.transact((tx) => {
    const s = loadService(tx, id);
    const instances = instancesOf(tx, s.Id);
    if (instances.length > 0) {
      throw new InUseError(cloudMapRef('Service', s.Id), instances.map((i) => cloudMapRef('Instance', i.Id)));
    }
    tx.delete(CLOUDMAP_KINDS.service, s.Id);
    tx.delete(CLOUDMAP_KINDS.tags, s.Arn);
    tx.delete(CLOUDMAP_KINDS.serviceAttributes, s.Id);
  });
}
