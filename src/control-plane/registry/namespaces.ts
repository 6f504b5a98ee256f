/**
 * Namespaces: create (HTTP, private DNS, public DNS), get, list with filters, update, delete.
 * A namespace's Name is unique; a create that repeats the CreatorRequestId of the existing namespace of
 * that name is a retry and returns the original operation.
 */
import { InUseError, ValidationError } from '../../core/errors.js';
import { allNamespaces, epochSeconds, loadNamespace, servicesIn, type RegistryContext } from './context.js';
import { CloudMapAlreadyExistsError, cloudMapRef } from './errors.js';
import { compileFilters, type Filter, type FilterSpec } from './filters.js';
import { namespaceArn, newNamespaceId, newOperationId } from './ids.js';
import { CLOUDMAP_KINDS, httpName, isDnsNamespace, type NamespaceProperties, type NamespaceRecord, type NamespaceType, type Tag } from './model.js';
import { runOperation } from './operations.js';
import { paginate, type Page } from './pagination.js';
import { writeTags } from './tags.js';

/** The SOA TTL a DNS namespace gets when the request names none. */
export const DEFAULT_SOA_TTL = 15;

export interface CreateNamespaceInput {
  readonly Type: NamespaceType;
  readonly Name: string;
  readonly CreatorRequestId?: string | undefined;
  readonly Description?: string | undefined;
  readonly Vpc?: string | undefined;
  readonly Tags?: readonly Tag[] | undefined;
  readonly SoaTtl?: number | undefined;
}

/** The Namespace shape of GetNamespace. */
export type NamespaceView = Omit<NamespaceRecord, 'vpc' | 'createOperationId'> & { readonly ServiceCount: number };

export function normalizeDnsName(name: string): string {
  return name.endsWith('.') && name.length > 1 ? name.slice(0, -1) : name;
}

export async function createNamespace(ctx: RegistryContext, input: CreateNamespaceInput): Promise<string> {
  const name = input.Type === 'HTTP' ? input.Name : normalizeDnsName(input.Name);
  const existing = allNamespaces(ctx.store).find((ns) => ns.Name.toLowerCase() === name.toLowerCase());
  if (existing && input.CreatorRequestId !== undefined && existing.CreatorRequestId === input.CreatorRequestId) {
    return existing.createOperationId;
  }
  const id = newNamespaceId();
  const arn = namespaceArn(ctx.identity, id);
  const operationId = newOperationId();
  return runOperation(ctx, 'CREATE_NAMESPACE', (tx) => {
    const clash = allNamespaces(tx).find((ns) => ns.Name.toLowerCase() === name.toLowerCase());
    if (clash) {
      throw new CloudMapAlreadyExistsError('Namespace', name, {
        NamespaceId: clash.Id,
        ...(clash.CreatorRequestId !== undefined && { CreatorRequestId: clash.CreatorRequestId }),
      });
    }
    const record: NamespaceRecord = {
      Id: id,
      Arn: arn,
      ResourceOwner: ctx.identity.accountId,
      Name: name,
      Type: input.Type,
      ...(input.Description !== undefined && { Description: input.Description }),
      Properties: properties(input.Type, name, id, input.SoaTtl),
      CreateDate: epochSeconds(ctx.clock),
      ...(input.CreatorRequestId !== undefined && { CreatorRequestId: input.CreatorRequestId }),
      ...(input.Vpc !== undefined && { vpc: input.Vpc }),
      createOperationId: operationId,
    };
    tx.put(CLOUDMAP_KINDS.namespace, id, record, { expectedVersion: 0 });
    writeTags(tx, arn, input.Tags ?? []);
    return { NAMESPACE: id };
  }, operationId);
}

function properties(type: NamespaceType, name: string, id: string, soaTtl: number | undefined): NamespaceProperties {
  if (type === 'HTTP') return { DnsProperties: {}, HttpProperties: { HttpName: name } };
  const hostedZoneId = `Z${id.slice(3).toUpperCase()}`;
  return { DnsProperties: { HostedZoneId: hostedZoneId, SOA: { TTL: soaTtl ?? DEFAULT_SOA_TTL } }, HttpProperties: { HttpName: name } };
}

export function namespaceView(ctx: RegistryContext, ns: NamespaceRecord): NamespaceView {
  const { vpc: _vpc, createOperationId: _op, ...shape } = ns;
  return { ...shape, ServiceCount: servicesIn(ctx.store, ns.Id).length };
}

export function getNamespace(ctx: RegistryContext, id: string): NamespaceView {
  return namespaceView(ctx, loadNamespace(ctx.store, id));
}

const NAMESPACE_FILTERS: FilterSpec<NamespaceRecord> = {
  TYPE: { conditions: ['EQ', 'IN', 'BEGINS_WITH'], read: (ns) => ns.Type },
  NAME: { conditions: ['EQ', 'BEGINS_WITH'], read: (ns) => ns.Name },
  HTTP_NAME: { conditions: ['EQ', 'BEGINS_WITH'], read: (ns) => httpName(ns) },
  RESOURCE_OWNER: { conditions: ['EQ'], read: (ns) => ns.ResourceOwner },
};

export function listNamespaces(
  ctx: RegistryContext,
  options: { filters?: readonly Filter[] | undefined; maxResults?: number | undefined; nextToken?: string | undefined },
): Page<Omit<NamespaceView, 'CreatorRequestId'>> {
  const keep = compileFilters(NAMESPACE_FILTERS, options.filters);
  const matching = allNamespaces(ctx.store).filter(keep);
  const page = paginate(matching, options.maxResults, options.nextToken);
  const items = page.items.map((ns) => {
    const { CreatorRequestId: _c, ...summary } = namespaceView(ctx, ns);
    return summary;
  });
  return page.nextToken === undefined ? { items } : { items, nextToken: page.nextToken };
}

export interface UpdateNamespaceInput {
  readonly Id: string;
  /** The kind the caller's Update<Kind>Namespace operation is for. */
  readonly expect: 'HTTP' | 'DNS_PRIVATE' | 'DNS_PUBLIC';
  readonly Description?: string | undefined;
  readonly SoaTtl?: number | undefined;
}

export function updateNamespace(ctx: RegistryContext, input: UpdateNamespaceInput): Promise<string> {
  return runOperation(ctx, 'UPDATE_NAMESPACE', (tx) => {
    const ns = loadNamespace(tx, input.Id);
    if (ns.Type !== input.expect) {
      throw new ValidationError([{ field: 'Id', message: `namespace ${ns.Id} is of type ${ns.Type}, not ${input.expect}` }]);
    }
    const soa = input.SoaTtl ?? ns.Properties.DnsProperties?.SOA?.TTL;
    const props: NamespaceProperties =
      isDnsNamespace(ns) && soa !== undefined
        ? { ...ns.Properties, DnsProperties: { ...ns.Properties.DnsProperties, SOA: { TTL: soa } } }
        : ns.Properties;
    const updated: NamespaceRecord = {
      ...ns,
      ...(input.Description !== undefined && { Description: input.Description }),
      Properties: props,
    };
    tx.put(CLOUDMAP_KINDS.namespace, ns.Id, updated);
    return { NAMESPACE: ns.Id };
  });
}

export function deleteNamespace(ctx: RegistryContext, id: string): Promise<string> {
  return runOperation(ctx, 'DELETE_NAMESPACE', (tx) => {
    const ns = loadNamespace(tx, id);
    const services = servicesIn(tx, ns.Id);
    if (services.length > 0) {
      throw new InUseError(
        cloudMapRef('Namespace', ns.Id),
        services.map((s) => cloudMapRef('Service', s.Id)),
      );
    }
    tx.delete(CLOUDMAP_KINDS.namespace, ns.Id);
    tx.delete(CLOUDMAP_KINDS.tags, ns.Arn);
    return { NAMESPACE: ns.Id };
  });
}
