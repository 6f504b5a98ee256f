/**
 * Builds one kind's five operations (Create, Describe, Update, Delete, List) from its KindApi row:
 * paths, body members, ids, and *Data / *Ref responses. All writes go through `manager.apply`.
 *
 *   Create   PUT    /v20190125/meshes/{m}[/<parent>/{p}]/<collection>          body {<name>, spec, tags, clientToken}
 *   List     GET    same path                                                   ?limit&nextToken
 *   Describe GET    …/<collection>/{name}                                       ?meshOwner
 *   Update   PUT    …/<collection>/{name}                                       body {spec, clientToken}
 *   Delete   DELETE …/<collection>/{name}
 */
import { KIND_INFO, type ResourceId } from '../../api/kinds.js';
import { InternalError, NotFoundError } from '../../core/errors.js';
import type { HttpRequest, HttpResponse, RouteDef } from '../http/router.js';
import type { MeshResource, Mutation, ResourceManager } from '../manager/manager.js';
import { API_PREFIX, type KindApi } from './kind-api.js';
import { jsonBody, meshOwnerQuery, pageQuery, readMembers, tagsOf, type BodyRules } from './request.js';
import { ok } from './respond.js';
import { toData, toRef } from './shapes.js';

/** List operations return at most this many items per page (the API's limit range is 1..100). */
export const MAX_PAGE = 100;

/** The path parameters naming a resource's mesh and parent (empty for Mesh). */
function scopeSegments(api: KindApi): string {
  const parent = KIND_INFO[api.kind].parent;
  if (api.kind === 'Mesh') return '';
  const parentPart = parent === undefined ? '' : `/${KIND_INFO[parent].arnSegment}/:${KIND_INFO[parent].nameField}`;
  return `/meshes/:meshName${parentPart}`;
}

export function kindRoutes(api: KindApi, manager: ResourceManager): RouteDef[] {
  const info = KIND_INFO[api.kind];
  const collectionPath = `${API_PREFIX}${scopeSegments(api)}/${api.collection}`;
  const itemPath = `${collectionPath}/:${info.nameField}`;
  const parentNameField = info.parent === undefined ? undefined : KIND_INFO[info.parent].nameField;

  const idOf = (req: HttpRequest, name: string): ResourceId => {
    if (api.kind === 'Mesh') return { kind: 'Mesh', meshName: name, name };
    const meshName = req.params['meshName'] ?? '';
    if (parentNameField === undefined) return { kind: api.kind, meshName, name };
    return { kind: api.kind, meshName, name, parentName: req.params[parentNameField] ?? '' };
  };
  const itemId = (req: HttpRequest): ResourceId => idOf(req, req.params[info.nameField] ?? '');

  const createRules: BodyRules = {
    [info.nameField]: { type: 'string', required: true },
    spec: { type: 'object', required: api.specRequired },
    tags: { type: 'tagList' },
    clientToken: { type: 'clientToken' },
  };
  const updateRules: BodyRules = { spec: { type: 'object', required: api.specRequired }, clientToken: { type: 'clientToken' } };

  const applyOne = async (mutation: Mutation): Promise<HttpResponse> => {
    const [result] = await manager.apply([mutation]);
    if (!result?.resource) throw new InternalError(`${mutation.op} of ${api.kind} returned no resource`);
    return ok(toData(result.resource));
  };

  return [
    {
      method: 'PUT',
      pattern: collectionPath,
      handler: async (req) => {
        const body = readMembers(jsonBody(req), createRules, `Create${api.kind}`);
        const id = idOf(req, body[info.nameField] as string);
        checkMeshOwner(manager, req, id);
        return applyOne({
          op: 'create',
          id,
          spec: body['spec'] ?? {},
          ...(body['tags'] != null ? { tags: tagsOf(body['tags']) } : {}),
          ...(typeof body['clientToken'] === 'string' ? { clientToken: body['clientToken'] } : {}),
        });
      },
    },
    {
      method: 'GET',
      pattern: collectionPath,
      handler: (req) => {
        const page = pageQuery(req, MAX_PAGE);
        const scope = idOf(req, '');
        const { items, nextToken } = manager.list(api.kind, scope.meshName, scope.parentName, page);
        return ok({ [api.collection]: items.map(toRef), ...(nextToken !== undefined ? { nextToken } : {}) });
      },
    },
    {
      method: 'GET',
      pattern: itemPath,
      handler: (req) => {
        const id = itemId(req);
        return ok(toData(describeOwned(manager, req, id)));
      },
    },
    {
      method: 'PUT',
      pattern: itemPath,
      handler: async (req) => {
        const body = readMembers(jsonBody(req), updateRules, `Update${api.kind}`);
        const id = itemId(req);
        checkMeshOwner(manager, req, id);
        return applyOne({
          op: 'update',
          id,
          spec: body['spec'] ?? {},
          ...(typeof body['clientToken'] === 'string' ? { clientToken: body['clientToken'] } : {}),
        });
      },
    },
    {
      method: 'DELETE',
      pattern: itemPath,
      handler: async (req) => {
        const id = itemId(req);
        checkMeshOwner(manager, req, id);
        return applyOne({ op: 'delete', id });
      },
    },
  ];
}

/**
 * `?meshOwner=<account>` names the account that owns the mesh (shared meshes). Meshwork has one account
 * per control plane, so a meshOwner other than the mesh's own answers NotFound.
 */
function checkMeshOwner(manager: ResourceManager, req: HttpRequest, id: ResourceId): void {
  const owner = meshOwnerQuery(req);
  if (owner === undefined || id.kind === 'Mesh') return;
  const mesh = manager.describe({ kind: 'Mesh', meshName: id.meshName, name: id.meshName });
  if (mesh.metadata.meshOwner !== owner) throw wrongOwner(id.meshName, owner, mesh.metadata.meshOwner);
}

function describeOwned(manager: ResourceManager, req: HttpRequest, id: ResourceId): MeshResource {
  const owner = meshOwnerQuery(req);
  const resource = manager.describe(id);
  if (owner !== undefined && resource.metadata.meshOwner !== owner) throw wrongOwner(id.meshName, owner, resource.metadata.meshOwner);
  return resource;
}

function wrongOwner(meshName: string, asked: string, actual: string): NotFoundError {
  return new NotFoundError(`Mesh mesh=${meshName} not found for meshOwner ${asked} (this control plane's meshes are owned by ${actual})`);
}
