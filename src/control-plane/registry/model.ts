/**
 * Cloud Map's resource shapes (API 2017-03-14, PascalCase exactly as on the wire) and the records the
 * registry keeps in the store.
 *
 * Store layout:
 * - `cloudmap.Namespace`  key `<ns-id>`                 value NamespaceRecord
 * - `cloudmap.Service`    key `<srv-id>`                value ServiceRecord
 * - `cloudmap.Instance`   key `<srv-id>/<instance-id>`  value InstanceRecord
 * - `cloudmap.Operation`  key `<operation-id>`          value Operation
 * - `cloudmap.Tags`       key `<resource ARN>`          value Tag[]
 * - `cloudmap.ServiceAttributes` key `<srv-id>`         value Record<string, string>
 */

export const CLOUDMAP_KINDS = {
  namespace: 'cloudmap.Namespace',
  service: 'cloudmap.Service',
  instance: 'cloudmap.Instance',
  operation: 'cloudmap.Operation',
  tags: 'cloudmap.Tags',
  serviceAttributes: 'cloudmap.ServiceAttributes',
} as const;

export const NAMESPACE_TYPES = ['DNS_PUBLIC', 'DNS_PRIVATE', 'HTTP'] as const;
export type NamespaceType = (typeof NAMESPACE_TYPES)[number];

export const ROUTING_POLICIES = ['MULTIVALUE', 'WEIGHTED'] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

export const DNS_RECORD_TYPES = ['SRV', 'A', 'AAAA', 'CNAME'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

export const HEALTH_CHECK_TYPES = ['HTTP', 'HTTPS', 'TCP'] as const;
export type HealthCheckType = (typeof HEALTH_CHECK_TYPES)[number];

export type CustomHealthStatus = 'HEALTHY' | 'UNHEALTHY';
export type HealthStatus = CustomHealthStatus | 'UNKNOWN';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface SoaProperties {
  readonly TTL: number;
}

export interface NamespaceProperties {
  readonly DnsProperties?: { readonly HostedZoneId?: string; readonly SOA?: SoaProperties };
  readonly HttpProperties?: { readonly HttpName?: string };
}

/** A namespace as stored; `ServiceCount` is computed when it is read. */
export interface NamespaceRecord {
  readonly Id: string;
  readonly Arn: string;
  readonly ResourceOwner: string;
  readonly Name: string;
  readonly Type: NamespaceType;
  readonly Description?: string;
  readonly Properties: NamespaceProperties;
  readonly CreateDate: number;
  readonly CreatorRequestId?: string;
  /** The Vpc given at creation (private DNS namespaces); not part of the Namespace shape. */
  readonly vpc?: string;
  /** The CREATE_NAMESPACE operation, returned again when the same CreatorRequestId retries. */
  readonly createOperationId: string;
}

export interface DnsRecord {
  readonly Type: DnsRecordType;
  readonly TTL: number;
}

export interface DnsConfig {
  readonly NamespaceId?: string | undefined;
  readonly RoutingPolicy?: RoutingPolicy | undefined;
  readonly DnsRecords: readonly DnsRecord[];
}

export interface HealthCheckConfig {
  readonly Type: HealthCheckType;
  readonly ResourcePath?: string | undefined;
  readonly FailureThreshold?: number | undefined;
}

export interface HealthCheckCustomConfig {
  readonly FailureThreshold?: number | undefined;
}

/** A service as stored; `InstanceCount` is computed when it is read. */
export interface ServiceRecord {
  readonly Id: string;
  readonly Arn: string;
  readonly ResourceOwner: string;
  readonly Name: string;
  readonly NamespaceId: string;
  readonly Description?: string;
  readonly DnsConfig?: DnsConfig;
  readonly Type: 'HTTP' | 'DNS_HTTP' | 'DNS';
  readonly HealthCheckConfig?: HealthCheckConfig;
  readonly HealthCheckCustomConfig?: HealthCheckCustomConfig;
  readonly CreateDate: number;
  readonly CreatorRequestId?: string;
  readonly CreatedByAccount: string;
  /** `InstancesRevision` of DiscoverInstances: +1 on every register and deregister. */
  readonly instancesRevision: number;
}

export interface InstanceRecord {
  readonly Id: string;
  readonly ServiceId: string;
  readonly CreatorRequestId?: string;
  readonly Attributes: Readonly<Record<string, string>>;
  readonly CreatedByAccount: string;
  /** The custom health status (from AWS_INIT_HEALTH_STATUS, then UpdateInstanceCustomHealthStatus). */
  readonly customHealth: CustomHealthStatus;
}

export const OPERATION_TYPES = [
  'CREATE_NAMESPACE',
  'DELETE_NAMESPACE',
  'UPDATE_NAMESPACE',
  'UPDATE_SERVICE',
  'REGISTER_INSTANCE',
  'DEREGISTER_INSTANCE',
] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const OPERATION_STATUSES = ['SUBMITTED', 'PENDING', 'SUCCESS', 'FAIL'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

export type OperationTargetType = 'NAMESPACE' | 'SERVICE' | 'INSTANCE';

export interface Operation {
  readonly Id: string;
  readonly OwnerAccount: string;
  readonly Type: OperationType;
  readonly Status: OperationStatus;
  readonly ErrorMessage?: string;
  readonly ErrorCode?: string;
  readonly CreateDate: number;
  readonly UpdateDate: number;
  readonly Targets: Partial<Record<OperationTargetType, string>>;
}

/** Reserved instance attributes. */
export const ATTR = {
  ipv4: 'AWS_INSTANCE_IPV4',
  ipv6: 'AWS_INSTANCE_IPV6',
  port: 'AWS_INSTANCE_PORT',
  cname: 'AWS_INSTANCE_CNAME',
  alias: 'AWS_ALIAS_DNS_NAME',
  initHealth: 'AWS_INIT_HEALTH_STATUS',
  ec2: 'AWS_EC2_INSTANCE_ID',
} as const;

export function isDnsNamespace(ns: Pick<NamespaceRecord, 'Type'>): boolean {
  return ns.Type !== 'HTTP';
}

/** The name DiscoverInstances uses for a namespace (HttpName, which equals Name). */
export function httpName(ns: NamespaceRecord): string {
  return ns.Properties.HttpProperties?.HttpName ?? ns.Name;
}
