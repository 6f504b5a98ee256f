/**
 * Route spec (API 2019-01-25): one http, http2, grpc or tcp route of a virtual router, matching
 * requests and splitting them over weighted virtual node targets, with retries and timeouts.
 */
import * as z from 'zod';
import { HeaderMatchers, HttpMethod, HttpPathMatch, HttpQueryParameters, HttpScheme, ListenerPort, checkPrefix } from './match.js';
import { boundedInt, boundedList, boundedString, checkExactlyOne, complain, membersSet, oneOfValues, theMember } from './schema-kit.js';
import { Duration, GrpcTimeout, HttpTimeout, ResourceName, TcpTimeout } from './shared.js';

export const WeightedTarget = z.strictObject({ port: z.optional(ListenerPort), virtualNode: ResourceName, weight: boundedInt(0, 100) });
export type WeightedTarget = z.infer<typeof WeightedTarget>;

/** Rule: 1..10 weighted targets whose weights add up to more than 0 (otherwise nothing can be picked). */
const RouteAction = z
  .strictObject({ weightedTargets: boundedList(WeightedTarget, 1, 10) })
  .superRefine((action, ctx) => {
    const sum = action.weightedTargets.reduce((total, t) => total + t.weight, 0);
    if (sum === 0 && action.weightedTargets.length > 0) complain(ctx, ['weightedTargets'], 'weights must add up to more than 0');
  });
export type RouteAction = z.infer<typeof RouteAction>;

/** Retry events as the API documents them (the model types them as free strings of 1..25 characters). */
export const HTTP_RETRY_EVENTS = ['server-error', 'gateway-error', 'client-error', 'stream-error'] as const;
export const GRPC_RETRY_EVENTS = ['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'] as const;
const HttpRetryEvents = boundedList(oneOfValues(HTTP_RETRY_EVENTS), 1, 25);
const TcpRetryEvents = boundedList(oneOfValues(['connection-error']), 1, 1);

/** Rule: a retry policy names at least one event list (API docs: "Specify at least one value for at least one of the types of RetryEvents"). */
function checkRetryEvents(policy: object, lists: readonly string[], ctx: z.RefinementCtx): void {
  if (membersSet(policy, lists).length === 0) complain(ctx, [], `at least one of ${lists.join(', ')} must be set`);
}

export const HttpRetryPolicy = z
  .strictObject({ httpRetryEvents: z.optional(HttpRetryEvents), maxRetries: boundedInt(0), perRetryTimeout: Duration, tcpRetryEvents: z.optional(TcpRetryEvents) })
  .superRefine((p, ctx) => checkRetryEvents(p, ['httpRetryEvents', 'tcpRetryEvents'], ctx));
export type HttpRetryPolicy = z.infer<typeof HttpRetryPolicy>;

export const GrpcRetryPolicy = z
  .strictObject({
    grpcRetryEvents: z.optional(boundedList(oneOfValues(GRPC_RETRY_EVENTS), 1, 5)),
    httpRetryEvents: z.optional(HttpRetryEvents),
    maxRetries: boundedInt(0),
    perRetryTimeout: Duration,
    tcpRetryEvents: z.optional(TcpRetryEvents),
  })
  .superRefine((p, ctx) => checkRetryEvents(p, ['grpcRetryEvents', 'httpRetryEvents', 'tcpRetryEvents'], ctx));
export type GrpcRetryPolicy = z.infer<typeof GrpcRetryPolicy>;

/**
 * HttpRouteMatch. Rule: exactly one of prefix, path (as the Kubernetes webhook checks); a prefix
 * starts with "/".
 */
export const HttpRouteMatch = z
  .strictObject({
    headers: z.optional(HeaderMatchers),
    method: z.optional(HttpMethod),
    path: z.optional(HttpPathMatch),
    port: z.optional(ListenerPort),
    prefix: z.optional(z.string()),
    queryParameters: z.optional(HttpQueryParameters),
    scheme: z.optional(HttpScheme),
  })
  .superRefine((m, ctx) => {
    checkExactlyOne(ctx, m, ['prefix', 'path']);
    checkPrefix(m.prefix, ctx, ['prefix']);
  });
export type HttpRouteMatch = z.infer<typeof HttpRouteMatch>;

/** HttpRoute (also http2Route). */
export const HttpRoute = z.strictObject({ action: RouteAction, match: HttpRouteMatch, retryPolicy: z.optional(HttpRetryPolicy), timeout: z.optional(HttpTimeout) });
export type HttpRoute = z.infer<typeof HttpRoute>;

/** GrpcRouteMatch. Rule: methodName needs serviceName (API docs: "If you specify a name, you must also specify a serviceName"). */
export const GrpcRouteMatch = z
  .strictObject({ metadata: z.optional(HeaderMatchers), methodName: z.optional(boundedString(1, 50)), port: z.optional(ListenerPort), serviceName: z.optional(z.string()) })
  .superRefine((m, ctx) => {
    if (m.methodName !== undefined && m.serviceName === undefined) complain(ctx, ['serviceName'], 'required when methodName is set');
  });
export type GrpcRouteMatch = z.infer<typeof GrpcRouteMatch>;

export const GrpcRoute = z.strictObject({ action: RouteAction, match: GrpcRouteMatch, retryPolicy: z.optional(GrpcRetryPolicy), timeout: z.optional(GrpcTimeout) });
export type GrpcRoute = z.infer<typeof GrpcRoute>;

export const TcpRoute = z.strictObject({ action: RouteAction, match: z.optional(z.strictObject({ port: z.optional(ListenerPort) })), timeout: z.optional(TcpTimeout) });
export type TcpRoute = z.infer<typeof TcpRoute>;

export const ROUTE_TYPES = ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'] as const;
export type RouteType = (typeof ROUTE_TYPES)[number];

/** RouteSpec { priority 0..1000 (0 = highest), exactly one of httpRoute | http2Route | grpcRoute | tcpRoute }. */
export const RouteSpec = z
  .strictObject({
    grpcRoute: z.optional(GrpcRoute),
    http2Route: z.optional(HttpRoute),
    httpRoute: z.optional(HttpRoute),
    priority: z.optional(boundedInt(0, 1000)),
    tcpRoute: z.optional(TcpRoute),
  })
  .superRefine((spec, ctx) => {
    checkExactlyOne(ctx, spec, ROUTE_TYPES);
  });
export type RouteSpec = z.infer<typeof RouteSpec>;

/** The one route member of a valid RouteSpec. */
export function routeTypeOf(spec: RouteSpec): RouteType {
  return theMember(spec, ROUTE_TYPES);
}
