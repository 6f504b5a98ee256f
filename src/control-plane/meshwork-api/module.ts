/**
 * The `meshwork` HTTP module: the endpoints under `/meshwork/v1/` that `meshwork apply/get/describe/delete`
 * use (docs/http-endpoints.md). Errors leave through `error-mapper.ts` as `{"error": {...}}`.
 */
import type { Clock } from '../../core/clock.js';
import { NotFoundError } from '../../core/errors.js';
import type { StoreReader } from '../../store/store.js';
import type { HttpModule, HttpRequest, HttpResponse } from '../http/router.js';
import type { ResourceManager } from '../manager/manager.js';
import { applyDocuments, parseDocuments } from './apply.js';
import { deleteByName, deleteDocuments } from './delete.js';
import { mapError } from './error-mapper.js';
import { findResource, getView, kindFromPath, listViews, type Scope } from './views.js';
import { API_PREFIX, type ChildRef, type DescribeResponse, type DependentRef, type ListResponse } from './wire.js';

export interface MeshworkApiDeps {
  readonly manager: ResourceManager;
  readonly store: StoreReader;
  readonly clock: Clock;
}

/** `?namespace=ns` or `?allNamespaces=true`; kubectl's default namespace is `default`. */
function scopeOf(req: HttpRequest): Scope {
  if (req.query.get('allNamespaces') === 'true') return { namespace: undefined };
  return { namespace: req.query.get('namespace') || 'default' };
}

const ok = (body: unknown): HttpResponse => ({ status: 200, body });

export function createMeshworkApiModule(deps: MeshworkApiDeps): HttpModule {
  const describe = (req: HttpRequest): DescribeResponse => {
    const kind = kindFromPath(req.params['kind']!);
    const name = req.params['name']!;
    const { namespace } = scopeOf(req);
    const object = getView(deps, kind, name, namespace);
    if (!kind.appmesh) return { object, dependents: [], children: [] };
    const resource = findResource(deps, { ...kind, appmesh: kind.appmesh }, name, namespace);
    const dependents = deps.manager.dependents(resource.id).map((id): DependentRef => {
      const k8s = deps.manager.listAll(id.kind).find((r) => r.id.meshName === id.meshName && r.id.name === id.name && r.id.parentName === id.parentName)?.k8s;
      const awsName = id.parentName !== undefined ? `${id.parentName}/${id.name}` : id.name;
      return { kind: id.kind, name: k8s?.name ?? id.name, ...(k8s?.namespace !== undefined ? { namespace: k8s.namespace } : {}), awsName };
    });
    const childKind = resource.id.kind === 'VirtualRouter' ? 'Route' : resource.id.kind === 'VirtualGateway' ? 'GatewayRoute' : undefined;
    const children = childKind === undefined ? [] : deps.manager
      .listAll(childKind)
      .filter((r) => r.id.meshName === resource.id.meshName && r.id.parentName === resource.id.name)
      .map((r): ChildRef => ({ kind: r.id.kind, awsName: r.id.name, arn: r.metadata.arn, version: r.metadata.version }));
    return { object, dependents, children };
  };
  return {
    name: 'meshwork',
    routes: [
      { method: 'POST', pattern: `${API_PREFIX}/apply`, handler: async (req) => ok(await applyDocuments(parseDocuments(req.body), deps)) },
      { method: 'POST', pattern: `${API_PREFIX}/delete`, handler: async (req) => ok(await deleteDocuments(deps, parseDocuments(req.body))) },
      {
        method: 'GET',
        pattern: `${API_PREFIX}/objects/:kind`,
        handler: (req) => {
          const kind = kindFromPath(req.params['kind']!);
          const body: ListResponse = { kind: kind.kind, items: listViews(deps, kind, scopeOf(req)) };
          return ok(body);
        },
      },
      {
        method: 'GET',
        pattern: `${API_PREFIX}/objects/:kind/:name`,
        handler: (req) => ok(getView(deps, kindFromPath(req.params['kind']!), req.params['name']!, scopeOf(req).namespace)),
      },
      { method: 'GET', pattern: `${API_PREFIX}/objects/:kind/:name/describe`, handler: (req) => ok(describe(req)) },
      {
        method: 'DELETE',
        pattern: `${API_PREFIX}/objects/:kind/:name`,
        handler: async (req) => ok(await deleteByName(deps, kindFromPath(req.params['kind']!), req.params['name']!, scopeOf(req).namespace)),
      },
    ],
    onError: (err) => mapError(err),
    fallback: {
      prefix: `${API_PREFIX}/`,
      handler: (req) => {
        throw new NotFoundError(`no such Meshwork endpoint: ${req.method} ${req.path}`);
      },
    },
  };
}

