/**
 * Deleting by name (`DELETE /meshwork/v1/objects/:kind/:name`) or by manifests (`POST /meshwork/v1/delete`).
 * A VirtualRouter takes its routes with it, as the controller's finalizer does. The manager's in-use
 * checks apply: deleting something others still refer to is refused and changes nothing.
 */
import { isNotFound, ValidationError, type Violation } from '../../core/errors.js';
import { manifestKind, qualifiedName, type ManifestKind } from '../../api/k8s/kinds.js';
import { lineOf, NAMESPACE_OBJECT_KIND, SERVICE_OBJECT_KIND, type SourceDocument } from '../../api/k8s/types.js';
import type { Mutation } from '../manager/manager.js';
import { findResource, getView, type ViewDeps } from './views.js';
import type { ApplyResponse, ObjectResult } from './wire.js';

/** The mutations that delete one object; throws NotFoundError when it does not exist. */
export function deletionOf(deps: ViewDeps, kind: ManifestKind, name: string, namespace: string | undefined): Mutation[] {
  if (kind.appmesh) {
    const r = findResource(deps, { ...kind, appmesh: kind.appmesh }, name, namespace);
    const routes = kind.appmesh === 'VirtualRouter'
      ? deps.manager.listAll('Route').filter((x) => x.id.meshName === r.id.meshName && x.id.parentName === r.id.name)
      : [];
    return [...routes.map((x): Mutation => ({ op: 'delete', id: x.id })), { op: 'delete', id: r.id }];
  }
  getView(deps, kind, name, namespace);
  if (kind.kind === 'Namespace') return [{ op: 'delete-object', kind: NAMESPACE_OBJECT_KIND, key: name }];
  return [{ op: 'delete-object', kind: SERVICE_OBJECT_KIND, key: `${namespace ?? 'default'}/${name}` }];
}

export async function deleteByName(deps: ViewDeps, kind: ManifestKind, name: string, namespace: string | undefined): Promise<ApplyResponse> {
  await deps.manager.apply(deletionOf(deps, kind, name, namespace));
  const ns = kind.namespaced ? { namespace: namespace ?? 'default' } : {};
  return { results: [{ object: `${qualifiedName(kind)}/${name}`, ...ns, outcome: 'deleted' }], warnings: [] };
}

interface Target {
  readonly kind: ManifestKind;
  readonly name: string;
  readonly namespace: string | undefined;
}

function targetOf(doc: SourceDocument): Target | Violation {
  const o = (typeof doc.object === 'object' && doc.object !== null ? doc.object : {}) as Record<string, unknown>;
  const meta = (typeof o['metadata'] === 'object' && o['metadata'] !== null ? o['metadata'] : {}) as Record<string, unknown>;
  const kind = manifestKind(String(o['apiVersion']), String(o['kind']));
  const at = (field: string, message: string): Violation => ({ field, message, source: { file: doc.file, line: lineOf(doc, field.split('.')) } });
  if (!kind) return at('kind', `unknown kind ${String(o['kind'])} (apiVersion ${String(o['apiVersion'])})`);
  if (typeof meta['name'] !== 'string') return at('metadata.name', 'required');
  const namespace = kind.namespaced ? (typeof meta['namespace'] === 'string' ? meta['namespace'] : 'default') : undefined;
  return { kind, name: meta['name'], namespace };
}

export async function deleteDocuments(deps: ViewDeps, docs: readonly SourceDocument[]): Promise<ApplyResponse> {
  const targets = docs.map(targetOf);
  const violations = targets.filter((t): t is Violation => 'field' in t);
  if (violations.length > 0) throw new ValidationError(violations, { subject: 'manifests' });
  const mutations: Mutation[] = [];
  const results: ObjectResult[] = [];
  for (const t of targets as Target[]) {
    const display = `${qualifiedName(t.kind)}/${t.name}`;
    const ns = t.namespace !== undefined ? { namespace: t.namespace } : {};
    if (t.kind.acknowledgedOnly) {
      results.push({ object: display, ...ns, outcome: 'acknowledged', note: 'local mode does not run Deployments; nothing to delete' });
      continue;
    }
    try {
      mutations.push(...deletionOf(deps, t.kind, t.name, t.namespace));
      results.push({ object: display, ...ns, outcome: 'deleted' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      results.push({ object: display, ...ns, outcome: 'not-found' });
    }
  }
  if (mutations.length > 0) await deps.manager.apply(mutations);
  return { results, warnings: [] };
}
