/**
 * GatewayRoute spec (API 2019-01-25): how a virtual gateway matches incoming requests and which
 * virtual service (and port) receives them, with optional prefix, path and hostname rewrites.
 * The match and rewrite rules below are the ones the App Mesh Kubernetes webhook enforces.
 */
import * as z from 'zod';
import { HeaderMatchers, HttpMethod, HttpPathMatch, HttpQueryParameters, ListenerPort, checkPrefix } from './match.js';
import { boundedInt, boundedString, checkExactlyOne, complain, exactlyOne, membersSet, oneOfValues, theMember } from './schema-kit.js';
import { ResourceName } from './shared.js';

const DefaultRewrite = oneOfValues(['ENABLED', 'DISABLED']);

/** GatewayRouteHostnameMatch: exactly one of exact, suffix (1..253 characters). */
export const GatewayRouteHostnameMatch = exactlyOne({ exact: boundedString(1, 253), suffix: boundedString(1, 253) });

export const GatewayRouteTarget = z.strictObject({
  port: z.optional(ListenerPort),
  virtualService: z.strictObject({ virtualServiceName: ResourceName }),
});
export type GatewayRouteTarget = z.infer<typeof GatewayRouteTarget>;

const HostnameRewrite = z.strictObject({ defaultTargetHostname: z.optional(DefaultRewrite) });

/**
 * Prefix rewrite. Rule: exactly one of defaultPrefix, value; a value starts and ends with "/".
 */
const PrefixRewrite = z
  .strictObject({ defaultPrefix: z.optional(DefaultRewrite), value: z.optional(boundedString(1, 255)) })
  .superRefine((p, ctx) => {
    checkExactlyOne(ctx, p, ['defaultPrefix', 'value']);
    if (p.value !== undefined && p.value !== '' && !(p.value.startsWith('/') && p.value.endsWith('/'))) complain(ctx, ['value'], 'must start and end with "/"');
  });

/** Rewrite. Rule: at least one of prefix, path, hostname; never both prefix and path. */
const HttpGatewayRouteRewrite = z
  .strictObject({ hostname: z.optional(HostnameRewrite), path: z.optional(z.strictObject({ exact: z.optional(boundedString(1, 255)) })), prefix: z.optional(PrefixRewrite) })
  .superRefine((r, ctx) => {
    if (membersSet(r, ['prefix', 'path', 'hostname']).length === 0) complain(ctx, [], 'at least one of prefix, path, hostname must be set');
    if (r.prefix !== undefined && r.path !== undefined) complain(ctx, [], 'prefix and path cannot both be set');
  });

/**
 * HttpGatewayRouteMatch. Rule: at least one of prefix, path, hostname; never both prefix and path;
 * a prefix starts with "/".
 */
export const HttpGatewayRouteMatch = z
  .strictObject({
    headers: z.optional(HeaderMatchers),
    hostname: z.optional(GatewayRouteHostnameMatch),
    method: z.optional(HttpMethod),
    path: z.optional(HttpPathMatch),
    port: z.optional(ListenerPort),
    prefix: z.optional(z.string()),
    queryParameters: z.optional(HttpQueryParameters),
  })
  .superRefine((m, ctx) => {
    if (membersSet(m, ['prefix', 'path', 'hostname']).length === 0) complain(ctx, [], 'at least one of prefix, path, hostname must be set');
    if (m.prefix !== undefined && m.path !== undefined) complain(ctx, [], 'prefix and path cannot both be set');
    checkPrefix(m.prefix, ctx, ['prefix']);
  });
export type HttpGatewayRouteMatch = z.infer<typeof HttpGatewayRouteMatch>;

export const HttpGatewayRoute = z.strictObject({
  action: z.strictObject({ rewrite: z.optional(HttpGatewayRouteRewrite), target: GatewayRouteTarget }),
  match: HttpGatewayRouteMatch,
});
export type HttpGatewayRoute = z.infer<typeof HttpGatewayRoute>;

/** GrpcGatewayRouteMatch. Rule: serviceName or hostname must be set. */
export const GrpcGatewayRouteMatch = z
  .strictObject({ hostname: z.optional(GatewayRouteHostnameMatch), metadata: z.optional(HeaderMatchers), port: z.optional(ListenerPort), serviceName: z.optional(z.string()) })
  .superRefine((m, ctx) => {
    if (membersSet(m, ['serviceName', 'hostname']).length === 0) complain(ctx, [], 'at least one of serviceName, hostname must be set');
  });
export type GrpcGatewayRouteMatch = z.infer<typeof GrpcGatewayRouteMatch>;

export const GrpcGatewayRoute = z.strictObject({
  action: z.strictObject({ rewrite: z.optional(z.strictObject({ hostname: z.optional(HostnameRewrite) })), target: GatewayRouteTarget }),
  match: GrpcGatewayRouteMatch,
});
export type GrpcGatewayRoute = z.infer<typeof GrpcGatewayRoute>;

export const GATEWAY_ROUTE_TYPES = ['httpRoute', 'http2Route', 'grpcRoute'] as const;
export type GatewayRouteType = (typeof GATEWAY_ROUTE_TYPES)[number];

/** GatewayRouteSpec { priority 0..1000, exactly one of httpRoute | http2Route | grpcRoute }. */
export const GatewayRouteSpec = z
  .strictObject({
    grpcRoute: z.optional(GrpcGatewayRoute),
    http2Route: z.optional(HttpGatewayRoute),
    httpRoute: z.optional(HttpGatewayRoute),
    priority: z.optional(boundedInt(0, 1000)),
  })
  .superRefine((spec, ctx) => {
    checkExactlyOne(ctx, spec, GATEWAY_ROUTE_TYPES);
  });
export type GatewayRouteSpec = z.infer<typeof GatewayRouteSpec>;

/** The one route member of a valid GatewayRouteSpec. */
export function gatewayRouteTypeOf(spec: GatewayRouteSpec): GatewayRouteType {
  return theMember(spec, GATEWAY_ROUTE_TYPES);
}
