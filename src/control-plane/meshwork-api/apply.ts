/**
 * `POST /meshwork/v1/apply`: manifests → one manager.apply transaction → one outcome per object, as
 * kubectl prints them. Any violation (YAML structure, membership, references, the model's own rules)
 * refuses the whole batch and changes nothing.
 */
import { BadRequestError, ValidationError, type Violation } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import { convertManifests, type ConvertedObject } from '../../api/k8s/convert.js';
import { formatPath, lineOf, parsePath, type SourceDocument } from '../../api/k8s/types.js';
import type { StoreReader } from '../../store/store.js';
import type { MutationResult, ResourceManager } from '../manager/manager.js';
import { storeClusterState } from './store-state.js';
import type { ApplyRequest, ApplyResponse, ObjectOutcome, ObjectResult } from './wire.js';

export interface ApplyDeps {
  readonly manager: ResourceManager;
  readonly store: StoreReader;
  readonly clock: Clock;
}

/** Reads `{documents: [...]}` from a request body, or throws BadRequestError saying what is wrong. */
export function parseDocuments(body: Buffer): readonly SourceDocument[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new BadRequestError(`request body is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const docs = (parsed as Partial<ApplyRequest> | null)?.documents;
  if (!Array.isArray(docs)) throw new BadRequestError('request body must be {"documents": [...]}');
  return docs.map((d: Partial<SourceDocument>, i): SourceDocument => {
    if (typeof d !== 'object' || d === null || typeof d.file !== 'string') throw new BadRequestError(`documents[${i}].file must be a string`);
    return { file: d.file, line: typeof d.line === 'number' ? d.line : 1, object: d.object, fieldLines: typeof d.fieldLines === 'object' && d.fieldLines !== null ? d.fieldLines : {} };
  });
}

function outcomeOf(results: readonly MutationResult[]): ObjectOutcome {
  if (results.length === 0) return 'unchanged';
  if (results[0]!.outcome === 'created') return 'created';
  return results.every((r) => r.outcome === 'unchanged') ? 'unchanged' : 'configured';
}

function resultOf(o: ConvertedObject, outcome: ObjectOutcome): ObjectResult {
  return { object: o.display, ...(o.object.metadata.namespace !== undefined ? { namespace: o.object.metadata.namespace } : {}), outcome, ...(o.note ? { note: o.note } : {}) };
}

export async function applyDocuments(docs: readonly SourceDocument[], deps: ApplyDeps): Promise<ApplyResponse> {
  const converted = convertManifests(docs, storeClusterState(deps.manager, deps.store), new Date(deps.clock.now()));
  if (!converted.ok) throw new ValidationError(converted.violations, { subject: 'manifests' });
  const mutations = converted.objects.flatMap((o) => o.mutations);
  let results: MutationResult[];
  try {
    results = await deps.manager.apply(mutations);
  } catch (err) {
    throw locate(err, converted.objects);
  }
  let next = 0;
  const out = converted.objects.map((o) => {
    const mine = results.slice(next, next + o.mutations.length);
    next += o.mutations.length;
    return resultOf(o, o.note !== undefined ? 'acknowledged' : outcomeOf(mine));
  });
  const fromManager = results.flatMap((r) => r.warnings ?? []);
  return { results: out, warnings: [...converted.warnings, ...fromManager] };
}

/**
 * The manager reports violations by mutation (`mutations[3].spec.listeners[0].portMapping.port`); a
 * user applying files wants the manifest's field, file and line. Each violation is mapped back to the
 * object that produced that mutation (a Route to its entry in the router's `spec.routes`).
 */
function locate(err: unknown, objects: readonly ConvertedObject[]): unknown {
  if (!(err instanceof ValidationError)) return err;
  const owners: { object: ConvertedObject; prefix: (string | number)[] }[] = [];
  for (const o of objects) {
    for (const m of o.mutations) {
      const routes = Array.isArray(o.object.spec?.['routes']) ? (o.object.spec['routes'] as { name?: unknown }[]) : [];
      const routeIndex = 'id' in m && m.id.kind === 'Route' ? routes.findIndex((r) => r.name === m.id.name) : -1;
      owners.push({ object: o, prefix: routeIndex >= 0 ? ['spec', 'routes', routeIndex] : ['spec'] });
    }
  }
  const total = owners.length;
  const violations = err.violations.map((v): Violation => {
    if (v.source) return v;
    const m = /^mutations\[(\d+)\]\.(.*)$/.exec(v.field);
    const owner = owners[m ? Number(m[1]) : total === 1 ? 0 : -1];
    if (!owner) return v;
    const rest = parsePath(m ? m[2]! : v.field);
    const path = rest[0] === 'spec' ? [...owner.prefix, ...rest.slice(1)] : rest;
    const doc = owner.object.doc;
    return { field: formatPath(path), message: v.message, source: { file: doc.file, line: lineOf(doc, path) } };
  });
  return new ValidationError(violations, { cause: err, subject: 'manifests' });
}
