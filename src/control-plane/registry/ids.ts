/**
 * Cloud Map identifiers: `ns-` / `srv-` + 16 lowercase alphanumerics, operation ids of 32 + `-` + 8,
 * and ARNs `arn:<partition>:servicediscovery:<region>:<account>:namespace/ns-…` (or `service/srv-…`).
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_ARN_CONFIG, type ArnConfig } from '../../api/arn.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 36 does not divide 256; the slight bias does not matter for identifiers.
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export function newNamespaceId(): string {
  return `ns-${randomToken(16)}`;
}

export function newServiceId(): string {
  return `srv-${randomToken(16)}`;
}

export function newOperationId(): string {
  return `${randomToken(32)}-${randomToken(8)}`;
}

/** Where this registry pretends to live: the region and account its ARNs name. */
export interface RegistryIdentity {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}


/** The identity of the App Mesh ARN configuration (MESHWORK_PARTITION / _REGION / _ACCOUNT_ID). */
export function identityFromArnConfig(arn: ArnConfig): RegistryIdentity {
  return { partition: arn.partition, region: arn.region, accountId: arn.account };
}

/** The App Mesh API's defaults, so both APIs name the same account and region. */
export const DEFAULT_IDENTITY: RegistryIdentity = identityFromArnConfig(DEFAULT_ARN_CONFIG);

export function namespaceArn(identity: RegistryIdentity, id: string): string {
  return `arn:${identity.partition}:servicediscovery:${identity.region}:${identity.accountId}:namespace/${id}`;
}

export function serviceArn(identity: RegistryIdentity, id: string): string {
  return `arn:${identity.partition}:servicediscovery:${identity.region}:${identity.accountId}:service/${id}`;
}

export type ArnTarget = { readonly type: 'namespace' | 'service'; readonly id: string };

/** The resource an ARN names, or undefined when it is not a Cloud Map namespace or service ARN. */
export function parseArn(arn: string): ArnTarget | undefined {
  const m = /^arn:[^:]+:servicediscovery:[^:]*:[^:]*:(namespace|service)\/((?:ns|srv)-[a-z0-9]+)$/.exec(arn);
  if (!m) return undefined;
  const type = m[1] === 'namespace' ? 'namespace' : 'service';
  const id = m[2]!;
  if ((type === 'namespace') !== id.startsWith('ns-')) return undefined;
  return { type, id };
}

/**
 * `Id`, `ServiceId` and `NamespaceId` members accept either the bare id or the resource's ARN
 * (shared namespaces, API 2025-08). Returns the bare id.
 */
export function idFromIdOrArn(value: string): string {
  return parseArn(value)?.id ?? value;
}
