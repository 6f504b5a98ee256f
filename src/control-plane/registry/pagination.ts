/**
 * NextToken pagination over a sorted list: the token is the opaque position after the last item
 * returned. A token that does not decode is InvalidInput.
 */
import { ValidationError } from '../../core/errors.js';

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

export const DEFAULT_MAX_RESULTS = 100;

export function paginate<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined): Page<T> {
  const start = nextToken === undefined ? 0 : decodeToken(nextToken);
  const limit = maxResults ?? DEFAULT_MAX_RESULTS;
  const slice = items.slice(start, start + limit);
  const end = start + slice.length;
  return end < items.length ? { items: slice, nextToken: encodeToken(end) } : { items: slice };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'o' in parsed && Number.isSafeInteger(parsed.o) && (parsed.o as number) >= 0) {
      return parsed.o as number;
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError([{ field: 'NextToken', message: 'is not a token this API returned' }]);
}
