/**
 * The App Mesh API 2019-01-25 spec shapes the snapshot builder reads (reference: appmesh-api-and-crds.md
 * §2.4). Only the members the builder translates are typed; the manager has validated everything before
 * it reaches the store, so the builder trusts these shapes.
 */

export type PortProtocol = 'http' | 'http2' | 'grpc' | 'tcp';

export interface Duration {
  readonly unit: 'ms' | 's';
  readonly value: number;
}

export interface PortMapping {
  readonly port: number;
  readonly protocol: PortProtocol;
}

export interface HealthCheckPolicy {
  readonly protocol: PortProtocol;
  readonly path?: string;
  readonly port?: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  readonly timeoutMillis: number;
  readonly intervalMillis: number;
}

export interface OutlierDetection {
  readonly maxServerErrors: number;
  readonly interval: Duration;
  readonly baseEjectionDuration: Duration;
  readonly maxEjectionPercent: number;
}

export interface ConnectionPool {
  readonly tcp?: { readonly maxConnections: number };
  readonly http?: { readonly maxConnections: number; readonly maxPendingRequests?: number };
  readonly http2?: { readonly maxRequests: number };
  readonly grpc?: { readonly maxRequests: number };
}

export interface ListenerTimeout {
  readonly tcp?: { readonly idle?: Duration };
  readonly http?: { readonly idle?: Duration; readonly perRequest?: Duration };
  readonly http2?: { readonly idle?: Duration; readonly perRequest?: Duration };
  readonly grpc?: { readonly idle?: Duration; readonly perRequest?: Duration };
}

export interface NodeListener {
  readonly portMapping: PortMapping;
  readonly healthCheck?: HealthCheckPolicy;
  readonly outlierDetection?: OutlierDetection;
  readonly connectionPool?: ConnectionPool;
  readonly timeout?: ListenerTimeout;
}

export interface ServiceDiscovery {
  readonly dns?: { readonly hostname: string; readonly responseType?: 'LOADBALANCER' | 'ENDPOINTS' };
  readonly awsCloudMap?: {
    readonly namespaceName: string;
    readonly serviceName: string;
    readonly attributes?: readonly { readonly key: string; readonly value: string }[];
  };
}

export interface ClientPolicy {
  readonly tls?: { readonly enforce?: boolean; readonly ports?: readonly number[] };
}

export interface Backend {
  readonly virtualService?: { readonly virtualServiceName: string; readonly clientPolicy?: ClientPolicy };
}

export interface VirtualNodeSpec {
  readonly listeners?: readonly NodeListener[];
  readonly serviceDiscovery?: ServiceDiscovery;
  readonly backends?: readonly Backend[];
  readonly backendDefaults?: { readonly clientPolicy?: ClientPolicy };
}

export interface MeshSpec {
  readonly egressFilter?: { readonly type: 'ALLOW_ALL' | 'DROP_ALL' };
}

export interface VirtualServiceSpec {
  readonly provider?: {
    readonly virtualNode?: { readonly virtualNodeName: string };
    readonly virtualRouter?: { readonly virtualRouterName: string };
  };
}

export interface VirtualRouterSpec {
  readonly listeners?: readonly { readonly portMapping: PortMapping }[];
}

export interface WeightedTarget {
  readonly virtualNode: string;
  readonly weight: number;
  readonly port?: number;
}

export interface MatchRange {
  readonly start: number;
  readonly end: number;
}

export interface HeaderMatchMethod {
  readonly exact?: string;
  readonly prefix?: string;
  readonly suffix?: string;
  readonly regex?: string;
  readonly range?: MatchRange;
}

export interface HeaderMatch {
  readonly name: string;
  readonly invert?: boolean;
  readonly match?: HeaderMatchMethod;
}

export interface QueryParameterMatch {
  readonly name: string;
  readonly match?: { readonly exact?: string };
}

export interface PathMatch {
  readonly exact?: string;
  readonly regex?: string;
}

export interface HttpRouteMatch {
  readonly prefix?: string;
  readonly path?: PathMatch;
  readonly headers?: readonly HeaderMatch[];
  readonly method?: string;
  readonly scheme?: 'http' | 'https';
  readonly queryParameters?: readonly QueryParameterMatch[];
  readonly port?: number;
}

export interface RetryPolicy {
  readonly httpRetryEvents?: readonly string[];
  readonly tcpRetryEvents?: readonly string[];
  readonly grpcRetryEvents?: readonly string[];
  readonly maxRetries: number;
  readonly perRetryTimeout: Duration;
}

export interface RouteTimeout {
  readonly idle?: Duration;
  readonly perRequest?: Duration;
}

export interface RouteAction {
  readonly weightedTargets: readonly WeightedTarget[];
}

export interface HttpRoute {
  readonly match: HttpRouteMatch;
  readonly action: RouteAction;
  readonly retryPolicy?: RetryPolicy;
  readonly timeout?: RouteTimeout;
}

export interface GrpcRouteMatch {
  readonly serviceName?: string;
  readonly methodName?: string;
  readonly metadata?: readonly HeaderMatch[];
  readonly port?: number;
}

export interface GrpcRoute {
  readonly match: GrpcRouteMatch;
  readonly action: RouteAction;
  readonly retryPolicy?: RetryPolicy;
  readonly timeout?: RouteTimeout;
}

export interface TcpRoute {
  readonly match?: { readonly port?: number };
  readonly action: RouteAction;
  readonly timeout?: { readonly idle?: Duration };
}

export interface RouteSpec {
  readonly priority?: number;
  readonly httpRoute?: HttpRoute;
  readonly http2Route?: HttpRoute;
  readonly grpcRoute?: GrpcRoute;
  readonly tcpRoute?: TcpRoute;
}

export interface VirtualGatewaySpec {
  readonly listeners: readonly {
    readonly portMapping: { readonly port: number; readonly protocol: 'http' | 'http2' | 'grpc' };
    readonly connectionPool?: ConnectionPool;
  }[];
}

export interface GatewayTarget {
  readonly virtualService: { readonly virtualServiceName: string };
  readonly port?: number;
}

export interface GatewayHttpRoute {
  readonly match: {
    readonly prefix?: string;
    readonly path?: PathMatch;
    readonly queryParameters?: readonly QueryParameterMatch[];
    readonly method?: string;
    readonly hostname?: { readonly exact?: string; readonly suffix?: string };
    readonly headers?: readonly HeaderMatch[];
    readonly port?: number;
  };
  readonly action: {
    readonly target: GatewayTarget;
    readonly rewrite?: {
      readonly prefix?: { readonly defaultPrefix?: 'ENABLED' | 'DISABLED'; readonly value?: string };
      readonly path?: { readonly exact: string };
      readonly hostname?: { readonly defaultTargetHostname: 'ENABLED' | 'DISABLED' };
    };
  };
}

export interface GatewayGrpcRoute {
  readonly match: {
    readonly serviceName?: string;
    readonly hostname?: { readonly exact?: string; readonly suffix?: string };
    readonly metadata?: readonly HeaderMatch[];
    readonly port?: number;
  };
  readonly action: {
    readonly target: GatewayTarget;
    readonly rewrite?: { readonly hostname?: { readonly defaultTargetHostname: 'ENABLED' | 'DISABLED' } };
  };
}

export interface GatewayRouteSpec {
  readonly priority?: number;
  readonly httpRoute?: GatewayHttpRoute;
  readonly http2Route?: GatewayHttpRoute;
  readonly grpcRoute?: GatewayGrpcRoute;
}
