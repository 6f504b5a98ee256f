/**
 * The App Mesh API 2019-01-25 spec shapes the snapshot builder reads, from the resource model in
 * src/api/appmesh. The manager has validated everything before it reaches the store, so the builder
 * trusts these shapes.
 */
import type { Listener } from '../../../api/appmesh/virtual-node.js';

export type { GatewayRouteSpec, HttpGatewayRoute as GatewayHttpRoute, GrpcGatewayRoute as GatewayGrpcRoute } from '../../../api/appmesh/gateway-route.js';
export type { HeaderMatcher as HeaderMatch, HttpPathMatch as PathMatch, HttpQueryParameter as QueryParameterMatch } from '../../../api/appmesh/match.js';
export type { MeshSpec } from '../../../api/appmesh/mesh.js';
export type { GrpcRoute, GrpcRouteMatch, HttpRoute, HttpRouteMatch, RouteSpec, TcpRoute, WeightedTarget } from '../../../api/appmesh/route.js';
export type { Duration, HealthCheckPolicy, OutlierDetection, PortProtocol } from '../../../api/appmesh/shared.js';
export type { VirtualGatewaySpec } from '../../../api/appmesh/virtual-gateway.js';
export type { VirtualNodeSpec } from '../../../api/appmesh/virtual-node.js';
export type { VirtualRouterSpec } from '../../../api/appmesh/virtual-router.js';
export type { VirtualServiceSpec } from '../../../api/appmesh/virtual-service.js';

export type NodeListener = Listener;
export type ConnectionPool = NonNullable<Listener['connectionPool']>;

/** The retry policy of HTTP and gRPC routes (gRPC's adds grpcRetryEvents). */
export interface RetryPolicy {
  readonly httpRetryEvents?: readonly string[] | undefined;
  readonly tcpRetryEvents?: readonly string[] | undefined;
  readonly grpcRetryEvents?: readonly string[] | undefined;
  readonly maxRetries: number;
  readonly perRetryTimeout: import('../../../api/appmesh/shared.js').Duration;
}

export interface RouteTimeout {
  readonly idle?: import('../../../api/appmesh/shared.js').Duration | undefined;
  readonly perRequest?: import('../../../api/appmesh/shared.js').Duration | undefined;
}
