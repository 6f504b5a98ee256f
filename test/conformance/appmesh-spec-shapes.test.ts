/**
 * The spec schemas against the App Mesh API model as the AWS SDK ships it (@aws-sdk/client-app-mesh
 * schemas): every structure has exactly the API's members, every API union is an "exactly one" union,
 * every member the API requires is required, lists are lists. Where Meshwork requires more than the
 * model, the member is listed in STRICTER with the reason in docs/model.md.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type * as z from 'zod';
import { GatewayRouteSpec } from '../../src/api/appmesh/gateway-route.js';
import { MeshSpec } from '../../src/api/appmesh/mesh.js';
import { RouteSpec } from '../../src/api/appmesh/route.js';
import { VirtualGatewaySpec } from '../../src/api/appmesh/virtual-gateway.js';
import { VirtualNodeSpec } from '../../src/api/appmesh/virtual-node.js';
import { VirtualRouterSpec } from '../../src/api/appmesh/virtual-router.js';
import { VirtualServiceSpec } from '../../src/api/appmesh/virtual-service.js';

const sdk = createRequire(import.meta.url)('@aws-sdk/client-app-mesh/dist-cjs/schemas/schemas_0.js') as Record<string, unknown>;

/** Members Meshwork requires although the API model leaves them optional (see docs/model.md). */
const STRICTER = new Set(['Duration.unit', 'Duration.value', 'QueryParameterMatch.exact', 'VirtualRouterSpec.listeners']);

interface ZodDef {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
}
const defOf = (schema: z.ZodType): ZodDef => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

/** SDK leaf schema codes and the zod types that may stand for them. */
const LEAF_TYPES: Record<number, readonly string[]> = { 0: ['string', 'enum'], 1: ['number'], 2: ['boolean'] };

function resolve(schema: unknown): unknown {
  return typeof schema === 'function' ? (schema as () => unknown)() : schema;
}

/** Walks an SDK schema and a zod schema side by side; returns every difference found. */
function compare(sdkSchema: unknown, zodSchema: z.ZodType, path: string, out: string[], seen: Set<string>): void {
  const s = resolve(sdkSchema);
  let zs = zodSchema;
  while (defOf(zs).type === 'optional') zs = defOf(zs).innerType as z.ZodType;
  const def = defOf(zs);
  if (typeof s === 'number') {
    if ((s & 64) !== 0) {
      if (def.type !== 'array') out.push(`${path}: the API has a list, the schema a ${def.type}`);
      else compare(s & ~64, def.element as z.ZodType, `${path}[]`, out, seen);
      return;
    }
    const expected = LEAF_TYPES[s];
    if (expected !== undefined && !expected.includes(def.type)) out.push(`${path}: the API has ${expected[0]}, the schema ${def.type}`);
    return;
  }
  if (!Array.isArray(s)) return;
  const [tag, , name, , members, memberSchemas, required] = s as [number, string, string, unknown, unknown, unknown, unknown];
  if (tag === 1) {
    if (def.type !== 'array') out.push(`${path}: the API has a list, the schema a ${def.type}`);
    else compare(members, def.element as z.ZodType, `${path}[]`, out, seen);
    return;
  }
  if (tag !== 3 && tag !== 4) return;
  if (def.type !== 'object' || def.shape === undefined) {
    out.push(`${path}: the API has structure ${name}, the schema a ${def.type}`);
    return;
  }
  const names = members as string[];
  const ours = Object.keys(def.shape);
  for (const m of names) if (!ours.includes(m)) out.push(`${path}: missing member ${m} of ${name}`);
  for (const m of ours) if (!names.includes(m)) out.push(`${path}: member ${m} is not in ${name}`);
  if (tag === 4) {
    const result = zs.safeParse({});
    if (result.success || !result.error.issues.some((i) => i.path.length === 0 && i.message.startsWith('exactly one of'))) {
      out.push(`${path}: ${name} is a union in the API; the schema does not require exactly one member`);
    }
  }
  const requiredCount = typeof required === 'number' ? required : 0;
  names.forEach((m, i) => {
    const member = def.shape?.[m];
    if (member === undefined) return;
    const apiRequired = i < requiredCount;
    const oursRequired = defOf(member).type !== 'optional';
    if (apiRequired && !oursRequired) out.push(`${path}.${m}: required by the API, optional in the schema`);
    if (!apiRequired && oursRequired && !STRICTER.has(`${name}.${m}`)) out.push(`${path}.${m}: optional in the API, required in the schema`);
    const key = `${name}.${m}`;
    if (seen.has(key)) return;
    seen.add(key);
    compare((memberSchemas as unknown[])[i], member, `${path}.${m}`, out, seen);
  });
}

const ROOTS: [string, z.ZodType][] = [
  ['MeshSpec$', MeshSpec],
  ['VirtualNodeSpec$', VirtualNodeSpec],
  ['VirtualServiceSpec$', VirtualServiceSpec],
  ['VirtualRouterSpec$', VirtualRouterSpec],
  ['RouteSpec$', RouteSpec],
  ['VirtualGatewaySpec$', VirtualGatewaySpec],
  ['GatewayRouteSpec$', GatewayRouteSpec],
];

/** How many distinct members each walk must at least reach, so a walk that stops early fails. */
const MIN_MEMBERS: Record<string, number> = {
  MeshSpec$: 4,
  VirtualNodeSpec$: 98,
  VirtualServiceSpec$: 5,
  VirtualRouterSpec$: 4,
  RouteSpec$: 73,
  VirtualGatewaySpec$: 63,
  GatewayRouteSpec$: 59,
};

for (const [sdkName, schema] of ROOTS) {
  test(`${sdkName.slice(0, -1)} has exactly the members, unions and required members of the API`, () => {
    assert.ok(Array.isArray(sdk[sdkName]), `the SDK ships ${sdkName}`);
    const differences: string[] = [];
    const seen = new Set<string>();
    compare(sdk[sdkName], schema, 'spec', differences, seen);
    assert.deepEqual(differences, []);
    assert.ok(seen.size >= (MIN_MEMBERS[sdkName] ?? 0), `walked ${seen.size} members`);
  });
}
