/**
 * Request validation for the Cloud Map API: zod schemas for the members operations share, and
 * `parseInput`, which turns every schema failure into one InvalidInput naming each member path
 * (`DnsConfig.DnsRecords[0].TTL: too big: expected number to be <=2147483647`).
 */
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import { DNS_RECORD_TYPES, HEALTH_CHECK_TYPES, ROUTING_POLICIES } from './model.js';
import { FILTER_CONDITIONS } from './filters.js';

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : `${out === '' ? '' : '.'}${String(seg)}`;
  return out;
}

export function parseInput<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body, {
    error: (issue) => (issue.input === undefined && issue.code === 'invalid_type' ? 'is required' : undefined),
  });
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.map((i) => ({ field: formatPath(i.path), message: i.message })));
}

/** `Id`, `ServiceId`, `NamespaceId`: an id or an ARN (max 255). */
export const resourceId = z.string().min(1).max(255);
export const maxResults = z.int().min(1).max(100).optional();
export const nextToken = z.string().min(1).max(4096).optional();
export const requestId = z.string().min(1).max(64).optional();
export const description = z.string().max(1024).optional();

export const tagList = z.array(z.object({ Key: z.string().min(1).max(128), Value: z.string().max(256) }));

export const soaTtl = z.int().min(0).max(2147483647);

/** `Properties: {DnsProperties: {SOA: {TTL}}}` on create and update of DNS namespaces. */
export const dnsNamespaceProperties = z
  .object({ DnsProperties: z.object({ SOA: z.object({ TTL: soaTtl }) }) })
  .optional();

export const dnsRecords = z.array(z.object({ Type: z.enum(DNS_RECORD_TYPES), TTL: z.int().min(0).max(2147483647) })).max(4);

export const dnsConfig = z.object({
  NamespaceId: resourceId.optional(),
  RoutingPolicy: z.enum(ROUTING_POLICIES).optional(),
  DnsRecords: dnsRecords,
});

export const healthCheckConfig = z.object({
  Type: z.enum(HEALTH_CHECK_TYPES),
  ResourcePath: z.string().max(255).optional(),
  FailureThreshold: z.int().min(1).max(10).optional(),
});

export const healthCheckCustomConfig = z.object({ FailureThreshold: z.int().min(1).max(10).optional() });

export const filters = z
  .array(z.object({ Name: z.string(), Values: z.array(z.string().max(255)), Condition: z.enum(FILTER_CONDITIONS).optional() }))
  .optional();

/** A dotted DNS name whose labels are 1-63 characters. */
export function dnsName(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .regex(/^(?!arn:)[!-~]+$/, 'must be printable ASCII without spaces')
    .refine((n) => n.replace(/\.$/, '').split('.').every((l) => l.length >= 1 && l.length <= 63), 'must be dot-separated labels of 1-63 characters');
}

export const SERVICE_NAME = /^(?=.{1,127}$)([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9])(\.([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9]))*$|^\.$/;
export const INSTANCE_ID = /^[0-9a-zA-Z_/:.@-]+$/;
