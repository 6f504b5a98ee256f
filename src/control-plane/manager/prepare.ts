/**
 * The pure first step of `apply`: every mutation's names, spec and tags are checked and every
 * violation collected before the store is touched. Specs come back parsed.
 *
 * In a batch of more than one mutation, violation fields are prefixed with the mutation's index
 * (`mutations[3].spec.listeners[0].portMapping.port`) so the caller can point at the right input.
 */
import { APPMESH_KINDS, type ResourceId } from '../../api/kinds.js';
import { checkSpec, validateId } from '../../api/validate.js';
import { ValidationError, type Violation } from '../../core/errors.js';
import { CLIENT_TOKEN_KIND } from './client-tokens.js';
import type { Mutation } from './manager.js';
import { tagViolations } from './tags.js';

const RESERVED_OBJECT_KINDS: ReadonlySet<string> = new Set([...APPMESH_KINDS, CLIENT_TOKEN_KIND]);

function objectViolations(kind: string, key: string): Violation[] {
  const out: Violation[] = [];
  if (typeof kind !== 'string' || kind === '') out.push({ field: 'kind', message: 'required' });
  else if (RESERVED_OBJECT_KINDS.has(kind)) out.push({ field: 'kind', message: `"${kind}" is kept by the resource manager; change it through its own operations` });
  if (typeof key !== 'string' || key === '') out.push({ field: 'key', message: 'required' });
  return out;
}

function idViolations(id: ResourceId): Violation[] {
  if (typeof id !== 'object' || id === null) return [{ field: 'id', message: 'required' }];
  if (!(APPMESH_KINDS as readonly string[]).includes(id.kind)) return [{ field: 'kind', message: `must be one of ${APPMESH_KINDS.join(', ')}` }];
  return validateId(id);
}

/** Returns the mutations with parsed specs, or throws one ValidationError with every violation. */
export function prepareMutations(mutations: readonly Mutation[]): Mutation[] {
  const violations: Violation[] = [];
  const prepared: Mutation[] = [];
  let subject = 'batch';
  mutations.forEach((m, i) => {
    const found: Violation[] = [];
    let next: Mutation = m;
    switch (m.op) {
      case 'put-object':
      case 'delete-object':
        found.push(...objectViolations(m.kind, m.key));
        break;
      case 'delete':
        found.push(...idViolations(m.id));
        break;
      case 'create':
      case 'update':
      case 'upsert': {
        const bad = idViolations(m.id);
        found.push(...bad);
        if (bad.some((v) => v.field === 'kind')) break;
        const spec = checkSpec(m.id.kind, m.spec);
        if (spec.ok) next = { ...m, spec: spec.data };
        else found.push(...spec.violations);
        if (m.op === 'create') found.push(...tagViolations(m.tags ?? []));
        break;
      }
      default: {
        const unknown: never = m;
        found.push({ field: 'op', message: `unknown operation ${JSON.stringify((unknown as { op: unknown }).op)}` });
      }
    }
    if (mutations.length === 1 && 'id' in m && typeof m.id === 'object' && m.id !== null) subject = `${m.id.kind} ${m.id.name}`;
    const prefix = mutations.length > 1 ? `mutations[${i}].` : '';
    violations.push(...found.map((v) => ({ ...v, field: prefix + v.field })));
    prepared.push(next);
  });
  if (violations.length > 0) throw new ValidationError(violations, { subject });
  return prepared;
}
