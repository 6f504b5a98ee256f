/**
 * Validation at the way in: `validateSpec(kind, spec)` checks a spec against its kind's schema and
 * cross-field rules and returns every violation with its field path (`spec.listeners[0].portMapping.port:
 * must be between 1 and 65535`); `validateName` checks resource names. Only `parseSpec` throws (a
 * ValidationError); the others return violations.
 *
 * Cross-field rules of an object run once that object's own members have the right types, so a spec
 * with a wrong type somewhere reports that first and the rules of the enclosing objects after it is fixed.
 */
import * as z from 'zod';
import { ValidationError, type Violation } from '../core/errors.js';
import { GatewayRouteSpec } from './appmesh/gateway-route.js';
import { MeshSpec } from './appmesh/mesh.js';
import { RouteSpec } from './appmesh/route.js';
import { ResourceName } from './appmesh/shared.js';
import { VirtualGatewaySpec } from './appmesh/virtual-gateway.js';
import { VirtualNodeSpec } from './appmesh/virtual-node.js';
import { VirtualRouterSpec } from './appmesh/virtual-router.js';
import { VirtualServiceSpec } from './appmesh/virtual-service.js';
import { KIND_INFO, type AppMeshKind, type ResourceId } from './kinds.js';

/** The spec type of each kind. */
export interface SpecByKind {
  Mesh: MeshSpec;
  VirtualNode: VirtualNodeSpec;
  VirtualService: VirtualServiceSpec;
  VirtualRouter: VirtualRouterSpec;
  Route: RouteSpec;
  VirtualGateway: VirtualGatewaySpec;
  GatewayRoute: GatewayRouteSpec;
}
export type AnySpec = SpecByKind[AppMeshKind];

/** The registry of spec schemas, one per kind (the type makes it complete). */
const SPEC_SCHEMAS: { readonly [K in AppMeshKind]: z.ZodType<SpecByKind[K]> } = {
  Mesh: MeshSpec,
  VirtualNode: VirtualNodeSpec,
  VirtualService: VirtualServiceSpec,
  VirtualRouter: VirtualRouterSpec,
  Route: RouteSpec,
  VirtualGateway: VirtualGatewaySpec,
  GatewayRoute: GatewayRouteSpec,
};

/** Kinds whose spec the API lets callers leave out (CreateMesh's `spec` is optional). */
const OPTIONAL_SPEC: ReadonlySet<AppMeshKind> = new Set(['Mesh']);

/** Words the generic problems the way the rest of Meshwork's messages read. */
const specErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : `expected ${issue.expected}, got ${describeValue(issue.input)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).sort().join(', ')}`;
    default:
      return undefined;
  }
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** `['listeners', 0, 'port']` under `spec` → `spec.listeners[0].port`. */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/** Runs a schema and turns its issues into violations rooted at `root`. */
function check<T>(schema: z.ZodType<T>, value: unknown, root: string): { ok: true; data: T } | { ok: false; violations: Violation[] } {
  const result = schema.safeParse(value, { error: specErrorMap });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, violations: result.error.issues.map((issue) => ({ field: formatPath(root, issue.path), message: issue.message })) };
}

function specInput(kind: AppMeshKind, spec: unknown): unknown {
  return spec === undefined && OPTIONAL_SPEC.has(kind) ? {} : spec;
}

/** The validated spec, or every violation in it (paths prefixed `spec.`). */
export function checkSpec<K extends AppMeshKind>(kind: K, spec: unknown): { ok: true; data: SpecByKind[K] } | { ok: false; violations: Violation[] } {
  const schema: z.ZodType<SpecByKind[K]> = SPEC_SCHEMAS[kind];
  return check(schema, specInput(kind, spec), 'spec');
}

/** Every violation in `spec` for `kind`, with paths prefixed `spec.`; empty when valid. */
export function validateSpec(kind: AppMeshKind, spec: unknown): Violation[] {
  const result = checkSpec(kind, spec);
  return result.ok ? [] : result.violations;
}

/** The validated spec (unknown fields rejected), or a ValidationError carrying every violation. */
export function parseSpec<K extends AppMeshKind>(kind: K, spec: unknown): SpecByKind[K] {
  const result = checkSpec(kind, spec);
  if (result.ok) return result.data;
  throw new ValidationError(result.violations, { subject: kind });
}

/** Violations of one resource name (1..255 characters, no "/"), reported under `field`. */
export function validateName(field: string, name: unknown): Violation[] {
  const result = check(ResourceName, name, field);
  return result.ok ? [] : result.violations;
}

/** Violations of every name in a resource id: mesh, parent (router or gateway) and the resource's own. */
export function validateId(id: ResourceId): Violation[] {
  const info = KIND_INFO[id.kind];
  const out: Violation[] = [];
  if (id.kind !== 'Mesh') out.push(...validateName('meshName', id.meshName));
  if (info.parent !== undefined) out.push(...validateName(KIND_INFO[info.parent].nameField, id.parentName));
  out.push(...validateName(info.nameField, id.name));
  return out;
}
