/**
 * Request matchers shared by routes and gateway routes (API 2019-01-25): header and gRPC metadata
 * matches, path matches, query parameters, methods and schemes.
 */
import * as z from 'zod';
import { boundedList, boundedString, complain, exactlyOne, oneOfValues } from './schema-kit.js';
import { PortNumber } from './shared.js';

/** MatchRange { start, end }: `start` is included, `end` is not. Rule: start < end. */
export const MatchRange = z
  .strictObject({ end: z.number().int({ error: 'must be an integer' }), start: z.number().int({ error: 'must be an integer' }) })
  .superRefine((r, ctx) => {
    if (r.start >= r.end) complain(ctx, ['end'], `must be greater than start (${r.start})`);
  });

const HeaderMatch = boundedString(1, 255);

/** HeaderMatchMethod (also gRPC metadata): exactly one of exact, prefix, range, regex, suffix. */
export const HeaderMatchMethod = exactlyOne({ exact: HeaderMatch, prefix: HeaderMatch, range: MatchRange, regex: HeaderMatch, suffix: HeaderMatch });
export type HeaderMatchMethod = z.infer<typeof HeaderMatchMethod>;

export const HeaderName = boundedString(1, 50);

/** HttpRouteHeader / GrpcRouteMetadata: { name, match, invert }. */
export const HeaderMatcher = z.strictObject({ invert: z.optional(z.boolean()), match: z.optional(HeaderMatchMethod), name: HeaderName });
export type HeaderMatcher = z.infer<typeof HeaderMatcher>;
export const HeaderMatchers = boundedList(HeaderMatcher, 1, 10);

/** HttpPathMatch: exactly one of exact, regex. */
export const HttpPathMatch = exactlyOne({ exact: boundedString(1, 255), regex: boundedString(1, 255) });
export type HttpPathMatch = z.infer<typeof HttpPathMatch>;

/**
 * HttpQueryParameter { name, match { exact } }. The API model leaves `match.exact` optional; a match
 * block without it matches nothing sensible, so (as the Kubernetes webhook does) it is required.
 */
export const HttpQueryParameter = z.strictObject({ match: z.optional(z.strictObject({ exact: z.string() })), name: boundedString(1) });
export type HttpQueryParameter = z.infer<typeof HttpQueryParameter>;
export const HttpQueryParameters = boundedList(HttpQueryParameter, 1, 10);

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] as const;
export const HttpMethod = oneOfValues(HTTP_METHODS);
export const HttpScheme = oneOfValues(['http', 'https']);

/** ListenerPort: the port a match or target refers to, 1..65535. */
export const ListenerPort = PortNumber;

/** Rule: an http path prefix starts with `/` (a bare `/` matches every request). */
export function checkPrefix(prefix: string | undefined, ctx: z.RefinementCtx, path: readonly PropertyKey[]): void {
  if (prefix !== undefined && !prefix.startsWith('/')) complain(ctx, path, 'must start with "/"');
}
