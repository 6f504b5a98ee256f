/**
 * TagResource, UntagResource and ListTagsForResource: tags of any App Mesh resource, addressed by its
 * full ARN in the `resourceArn` query parameter. The ARN must be the resource's own (same partition,
 * region and account); otherwise the resource is not found.
 */
import { parseArn } from '../../api/arn.js';
import { LimitError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { HttpRequest, RouteDef } from '../http/router.js';
import type { MeshResource, ResourceManager } from '../manager/manager.js';
import { TooManyTagsError } from './error-mapper.js';
import { API_PREFIX } from './kind-api.js';
import { jsonBody, pageQuery, readMembers, tagsOf } from './request.js';
import { ok } from './respond.js';

/** ListTagsForResource returns at most this many tags per page (the API's limit range is 1..50). */
export const MAX_TAG_PAGE = 50;

function resourceOf(manager: ResourceManager, req: HttpRequest): MeshResource {
  const arn = req.query.get('resourceArn');
  if (arn === null || arn === '') throw new ValidationError([{ field: 'resourceArn', message: 'required' }]);
  const resource = manager.describe(parseArn(arn).id);
  if (resource.metadata.arn !== arn) throw new NotFoundError(`no resource with ARN ${arn} (this control plane's ARN is ${resource.metadata.arn})`);
  return resource;
}

/** Tag writes hit one limit only, the number of tags per resource. */
async function setTags(manager: ResourceManager, resource: MeshResource, add: Parameters<ResourceManager['setTags']>[1], remove: readonly string[]): Promise<void> {
  try {
    await manager.setTags(resource.id, add, remove);
  } catch (err) {
    if (err instanceof LimitError) throw new TooManyTagsError(err.message, { cause: err });
    throw err;
  }
}

/** Page tokens for tag lists: the offset of the next tag, base64url-encoded. */
function encodeToken(offset: number): string {
  return Buffer.from(`tags:${offset}`).toString('base64url');
}

function decodeToken(token: string): number {
  const m = /^tags:(\d{1,6})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw new ValidationError([{ field: 'nextToken', message: 'is not a token this API returned' }]);
  return Number(m[1]);
}

export function tagRoutes(manager: ResourceManager): RouteDef[] {
  return [
    {
      method: 'PUT',
      pattern: `${API_PREFIX}/tag`,
      handler: async (req) => {
        const body = readMembers(jsonBody(req), { tags: { type: 'tagList', required: true } }, 'TagResource');
        await setTags(manager, resourceOf(manager, req), tagsOf(body['tags']), []);
        return ok({});
      },
    },
    {
      method: 'PUT',
      pattern: `${API_PREFIX}/untag`,
      handler: async (req) => {
        const body = readMembers(jsonBody(req), { tagKeys: { type: 'stringList', required: true } }, 'UntagResource');
        await setTags(manager, resourceOf(manager, req), [], body['tagKeys'] as string[]);
        return ok({});
      },
    },
    {
      method: 'GET',
      pattern: `${API_PREFIX}/tags`,
      handler: (req) => {
        const page = pageQuery(req, MAX_TAG_PAGE);
        const tags = resourceOf(manager, req).tags;
        const start = page.nextToken === undefined ? 0 : decodeToken(page.nextToken);
        const end = start + (page.limit ?? MAX_TAG_PAGE);
        const items = tags.slice(start, end).map((t) => ({ key: t.key, value: t.value ?? '' }));
        return ok({ tags: items, ...(end < tags.length ? { nextToken: encodeToken(end) } : {}) });
      },
    },
  ];
}
