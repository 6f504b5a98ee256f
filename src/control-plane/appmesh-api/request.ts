/**
 * Reading App Mesh requests: the JSON body (an object whose members have the types the API defines, no
 * unknown members, required ones present) and the query (`limit`, `nextToken`, `meshOwner`).
 * Every problem is reported at once with its member path, as a ValidationError (400 BadRequestException).
 */
import { BadRequestError, ValidationError, errorMessage, type Violation } from '../../core/errors.js';
import type { HttpRequest } from '../http/router.js';
import type { TagRef } from '../manager/manager.js';

export type MemberType = 'string' | 'object' | 'tagList' | 'stringList' | 'clientToken';

export interface MemberRule {
  readonly type: MemberType;
  readonly required?: boolean;
}

export type BodyRules = Readonly<Record<string, MemberRule>>;

/** The body as a JSON object; an empty body reads as `{}`. */
export function jsonBody(req: HttpRequest): Record<string, unknown> {
  const text = req.body.toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`request body is not valid JSON: ${errorMessage(err)}`, { cause: err });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequestError(`request body must be a JSON object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

const CLIENT_TOKEN = /^[A-Za-z0-9_-]{1,36}$/;

function checkMember(path: string, value: unknown, type: MemberType, out: Violation[]): void {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') out.push({ field: path, message: `must be a string, got ${describe(value)}` });
      return;
    case 'clientToken':
      if (typeof value !== 'string' || !CLIENT_TOKEN.test(value)) {
        out.push({ field: path, message: 'must be 1-36 letters, digits, hyphens or underscores' });
      }
      return;
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        out.push({ field: path, message: `must be an object, got ${describe(value)}` });
      }
      return;
    case 'stringList':
      if (!Array.isArray(value)) out.push({ field: path, message: `must be an array of strings, got ${describe(value)}` });
      else value.forEach((v, i) => checkMember(`${path}[${i}]`, v, 'string', out));
      return;
    case 'tagList':
      if (!Array.isArray(value)) out.push({ field: path, message: `must be an array of {key, value} objects, got ${describe(value)}` });
      else value.forEach((v, i) => checkTag(`${path}[${i}]`, v, out));
      return;
    default: {
      const never: never = type;
      throw new Error(`unknown member type ${String(never)}`);
    }
  }
}

function checkTag(path: string, value: unknown, out: Violation[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.push({ field: path, message: `must be an object with key and value, got ${describe(value)}` });
    return;
  }
  const tag = value as Record<string, unknown>;
  for (const member of Object.keys(tag)) {
    if (member !== 'key' && member !== 'value') out.push({ field: `${path}.${member}`, message: `unknown field "${member}"` });
  }
  if (tag['key'] === undefined) out.push({ field: `${path}.key`, message: 'required' });
  else checkMember(`${path}.key`, tag['key'], 'string', out);
  if (tag['value'] === undefined) out.push({ field: `${path}.value`, message: 'required' });
  else checkMember(`${path}.value`, tag['value'], 'string', out);
}

/** Checks `body` against `rules` (unknown members, types, required ones) and returns it, or throws every violation. */
export function readMembers(body: Record<string, unknown>, rules: BodyRules, operation: string): Record<string, unknown> {
  const violations: Violation[] = [];
  for (const [member, value] of Object.entries(body)) {
    const rule = rules[member];
    if (!rule) violations.push({ field: member, message: `unknown field "${member}"; ${operation} accepts ${Object.keys(rules).join(', ')}` });
    else if (value !== null) checkMember(member, value, rule.type, violations);
  }
  for (const [member, rule] of Object.entries(rules)) {
    if (rule.required && (body[member] === undefined || body[member] === null)) violations.push({ field: member, message: 'required' });
  }
  if (violations.length > 0) throw new ValidationError(violations, { subject: `${operation} request` });
  return body;
}

/** The body's tags, already checked by readMembers. */
export function tagsOf(value: unknown): TagRef[] {
  if (!Array.isArray(value)) return [];
  return (value as Array<{ key: string; value: string }>).map((t) => ({ key: t.key, value: t.value }));
}

export interface PageQuery {
  readonly limit?: number;
  readonly nextToken?: string;
}

/** `limit` (whole number in 1..max) and `nextToken` (non-empty) from the query string. */
export function pageQuery(req: HttpRequest, max: number): PageQuery {
  const violations: Violation[] = [];
  const rawLimit = req.query.get('limit');
  const rawToken = req.query.get('nextToken');
  let limit: number | undefined;
  if (rawLimit !== null) {
    limit = /^\d{1,4}$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!(limit >= 1 && limit <= max)) violations.push({ field: 'limit', message: `must be a whole number from 1 to ${max}, got "${rawLimit}"` });
  }
  if (rawToken === '') violations.push({ field: 'nextToken', message: 'must not be empty' });
  if (violations.length > 0) throw new ValidationError(violations);
  return { ...(limit !== undefined ? { limit } : {}), ...(rawToken !== null ? { nextToken: rawToken } : {}) };
}

/** The optional `meshOwner` query parameter (a 12-digit account id). */
export function meshOwnerQuery(req: HttpRequest): string | undefined {
  const owner = req.query.get('meshOwner');
  if (owner === null) return undefined;
  if (!/^\d{12}$/.test(owner)) throw new ValidationError([{ field: 'meshOwner', message: `must be a 12-digit account id, got "${owner}"` }]);
  return owner;
}
