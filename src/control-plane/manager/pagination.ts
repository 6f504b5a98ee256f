/**
 * List pagination as App Mesh does it: `limit` 1..100 (default 100) and an opaque `nextToken` that
 * continues after the last item returned. A token this server did not issue for this listing is a
 * ValidationError (BadRequestException at the API edge).
 */
import { ValidationError } from '../../core/errors.js';
import type { ListOptions } from './manager.js';

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 100;
const TOKEN_PREFIX = 'mw1:';

export function encodeToken(lastKey: string): string {
  return Buffer.from(TOKEN_PREFIX + lastKey, 'utf8').toString('base64url');
}

function decodeToken(token: string, keyPrefix: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX) || !text.slice(TOKEN_PREFIX.length).startsWith(keyPrefix) || encodeToken(text.slice(TOKEN_PREFIX.length)) !== token) {
    throw new ValidationError([{ field: 'nextToken', message: 'is not a token from a previous page of this listing' }]);
  }
  return text.slice(TOKEN_PREFIX.length);
}

/** One page of `items` (sorted by key, all under `keyPrefix`), and the token for the next page when there is one. */
export function paginate<T>(items: readonly T[], keyOf: (item: T) => string, keyPrefix: string, options: ListOptions = {}): { items: T[]; nextToken?: string } {
  const limit = options.limit ?? DEFAULT_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new ValidationError([{ field: 'limit', message: `must be between 1 and ${MAX_LIST_LIMIT}` }]);
  }
  const after = options.nextToken === undefined ? undefined : decodeToken(options.nextToken, keyPrefix);
  const start = after === undefined ? 0 : items.findIndex((item) => keyOf(item) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  return rest.length > limit && last !== undefined ? { items: page, nextToken: encodeToken(keyOf(last)) } : { items: page };
}
