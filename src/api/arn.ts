/**
 * App Mesh ARNs and resource paths.
 *
 * ARN:           arn:<partition>:appmesh:<region>:<account>:mesh/webapp/virtualNode/green-v1_green
 * resource path: mesh/webapp/virtualNode/green-v1_green (the store key, see kinds.ts), or with a mesh
 *                owner, mesh/webapp@111122223333/virtualNode/green-v1_green (the APPMESH_RESOURCE_ARN form
 *                the App Mesh controller passes to Envoy).
 *
 * The partition, region and account that ARNs carry are configuration: defaults `aws`, `eu-central-1`
 * and `000000000000`, overridable with MESHWORK_PARTITION, MESHWORK_REGION and MESHWORK_ACCOUNT_ID.
 */
import { ValidationError, type Violation } from '../core/errors.js';
import { APPMESH_KINDS, KIND_INFO, resourcePath, type AppMeshKind, type ResourceId } from './kinds.js';

export interface ArnConfig {
  readonly partition: string;
  readonly region: string;
  /** 12-digit AWS account id; also every resource's meshOwner and resourceOwner. */
  readonly account: string;
}

export const DEFAULT_ARN_CONFIG: ArnConfig = { partition: 'aws', region: 'eu-central-1', account: '000000000000' };

/** The config from MESHWORK_PARTITION / MESHWORK_REGION / MESHWORK_ACCOUNT_ID, defaults for what is unset. */
export function arnConfigFromEnv(env: Readonly<Record<string, string | undefined>>): ArnConfig {
  return checkArnConfig({
    partition: env['MESHWORK_PARTITION'] || DEFAULT_ARN_CONFIG.partition,
    region: env['MESHWORK_REGION'] || DEFAULT_ARN_CONFIG.region,
    account: env['MESHWORK_ACCOUNT_ID'] || DEFAULT_ARN_CONFIG.account,
  });
}

/** Returns `config` when it is usable, else throws a ValidationError naming each bad member. */
export function checkArnConfig(config: ArnConfig): ArnConfig {
  const violations: Violation[] = [];
  if (!/^\d{12}$/.test(config.account)) violations.push({ field: 'account', message: `must be 12 digits, got "${config.account}"` });
  if (!/^[a-z0-9-]+$/.test(config.region)) violations.push({ field: 'region', message: `must be a region name like eu-central-1, got "${config.region}"` });
  if (!/^[a-z-]+$/.test(config.partition)) violations.push({ field: 'partition', message: `must be a partition like aws, got "${config.partition}"` });
  if (violations.length > 0) throw new ValidationError(violations, { subject: 'ARN configuration' });
  return config;
}

/** `arn:aws:appmesh:eu-central-1:000000000000:mesh/webapp/virtualNode/green-v1_green`. */
export function buildArn(id: ResourceId, config: ArnConfig): string {
  return `arn:${config.partition}:appmesh:${config.region}:${config.account}:${resourcePath(id)}`;
}

export interface ParsedArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly id: ResourceId;
  readonly meshOwner?: string;
}

/** Parses a full App Mesh ARN; throws ValidationError (field `resourceArn`) when it is not one. */
export function parseArn(arn: string): ParsedArn {
  const parts = arn.split(':');
  const [prefix, partition, service, region, account] = parts;
  const path = parts.slice(5).join(':');
  if (parts.length < 6 || prefix !== 'arn' || service !== 'appmesh' || !partition || !region || !account) {
    throw invalid('resourceArn', arn, 'expected arn:<partition>:appmesh:<region>:<account>:mesh/<mesh>/...');
  }
  const parsed = parseResourcePath(path, 'resourceArn');
  return { partition, region, account, ...parsed };
}

const KIND_BY_SEGMENT: ReadonlyMap<string, AppMeshKind> = new Map(APPMESH_KINDS.map((k) => [KIND_INFO[k].arnSegment, k]));

/**
 * Parses `mesh/<mesh>[@<owner>]`, `mesh/<mesh>/<kind>/<name>` or `mesh/<mesh>/<parentKind>/<parent>/<kind>/<name>`;
 * throws ValidationError under `field` when the path is none of them.
 */
export function parseResourcePath(path: string, field = 'resourcePath'): { id: ResourceId; meshOwner?: string } {
  const segs = path.split('/');
  if (segs[0] !== 'mesh' || !segs[1] || segs.some((s) => s === '')) throw invalid(field, path, 'expected mesh/<mesh>[/<kind>/<name>]');
  const [meshName, meshOwner] = segs[1].split('@') as [string, string | undefined];
  const owner = meshOwner === undefined ? {} : { meshOwner };
  if (segs.length === 2) return { id: { kind: 'Mesh', meshName, name: meshName }, ...owner };
  const kind = KIND_BY_SEGMENT.get(segs[segs.length - 2] ?? '');
  const name = segs[segs.length - 1] ?? '';
  if (kind === undefined || kind === 'Mesh') throw invalid(field, path, 'unknown resource type');
  const parentKind = KIND_INFO[kind].parent;
  if (parentKind === undefined) {
    if (segs.length !== 4) throw invalid(field, path, `expected mesh/<mesh>/${KIND_INFO[kind].arnSegment}/<name>`);
    return { id: { kind, meshName, name }, ...owner };
  }
  const parentSeg = KIND_INFO[parentKind].arnSegment;
  if (segs.length !== 6 || segs[2] !== parentSeg) throw invalid(field, path, `expected mesh/<mesh>/${parentSeg}/<name>/${KIND_INFO[kind].arnSegment}/<name>`);
  return { id: { kind, meshName, name, parentName: segs[3] as string }, ...owner };
}

/** The resource path with the mesh owner after the mesh name, as APPMESH_RESOURCE_ARN carries it. */
export function ownedResourcePath(id: ResourceId, meshOwner?: string): string {
  const path = resourcePath(id);
  if (meshOwner === undefined) return path;
  const meshName = id.kind === 'Mesh' ? id.name : id.meshName;
  return `mesh/${meshName}@${meshOwner}${path.slice(`mesh/${meshName}`.length)}`;
}

function invalid(field: string, value: string, expected: string): ValidationError {
  return new ValidationError([{ field, message: `"${value}" is not an App Mesh resource: ${expected}` }]);
}
