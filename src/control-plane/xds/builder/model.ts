/**
 * The snapshot builder's inputs and output.
 *
 * The builder is pure: it reads the mesh only through a `MeshView` and endpoints only through an
 * `EndpointReader`, and returns plain objects in Envoy v3 proto field names (snake_case). Nested
 * `google.protobuf.Any` values are written as `{ "@type": <type URL>, ...fields }`, the form Envoy's
 * config_dump uses; durations as `{ seconds, nanos }`.
 */
import type { EndpointSource } from '../../registry/endpoints.js';
import type {
  GatewayRouteSpec,
  MeshSpec,
  RouteSpec,
  VirtualGatewaySpec,
  VirtualNodeSpec,
  VirtualRouterSpec,
  VirtualServiceSpec,
} from './spec.js';

/** A plain JSON object: one Envoy resource or part of one. */
export type Json = { [key: string]: unknown };

export interface Named<Spec> {
  readonly name: string;
  readonly spec: Spec;
}

/**
 * Read access to one mesh. Every lookup names what it read, so a recording view can tell which store
 * keys a proxy's configuration depends on (including keys that do not exist yet).
 */
export interface MeshView {
  readonly meshName: string;
  mesh(): MeshSpec | undefined;
  virtualNode(name: string): VirtualNodeSpec | undefined;
  virtualService(name: string): VirtualServiceSpec | undefined;
  virtualRouter(name: string): VirtualRouterSpec | undefined;
  virtualGateway(name: string): VirtualGatewaySpec | undefined;
  /** Routes of a virtual router, sorted by name. */
  routes(routerName: string): readonly Named<RouteSpec>[];
  /** Gateway routes of a virtual gateway, sorted by name. */
  gatewayRoutes(gatewayName: string): readonly Named<GatewayRouteSpec>[];
}

/** The part of the registry the builder reads. */
export type EndpointReader = Pick<EndpointSource, 'cloudMapEndpoints' | 'dnsEndpoints'>;

export type InterceptionMode = 'transparent' | 'local';

/** Who is asking: parsed from the xDS node (id + metadata). */
export interface ProxyIdentity {
  readonly kind: 'virtualNode' | 'virtualGateway';
  readonly meshName: string;
  readonly name: string;
  readonly interception: InterceptionMode;
  /** Listener port → the app's real port (MESHWORK_APP_PORTS). */
  readonly appPorts: Readonly<Record<string, number>>;
  /** MESHWORK_APP_HOST, default 127.0.0.1. */
  readonly appHost: string;
  /** MESHWORK_ADDRESS, the proxy's own address, default 127.0.0.1. */
  readonly address: string;
}

/** One proxy's resources, keyed by resource name. */
export interface XdsResources {
  readonly listeners: Map<string, Json>;
  readonly routes: Map<string, Json>;
  readonly clusters: Map<string, Json>;
  readonly endpoints: Map<string, Json>;
  /**
   * Listeners only served to clients that ask for them by name (gRPC's API listeners, named
   * `<virtual service>:<port>`); never part of a wildcard LDS response.
   */
  readonly apiListeners: Map<string, Json>;
}

export function emptyResources(): XdsResources {
  return { listeners: new Map(), routes: new Map(), clusters: new Map(), endpoints: new Map(), apiListeners: new Map() };
}

/** Everything a generator can see. */
export interface BuildContext {
  readonly mesh: MeshView;
  readonly endpoints: EndpointReader;
  readonly proxy: ProxyIdentity;
  /** Parts shared between builds while the mesh and endpoints stay the same (absent: every part is computed). */
  readonly shared?: SharedParts;
}

/**
 * Parts of a build that many builds have in common (a virtual service's resolution, its virtual
 * hosts), computed once and shared while the mesh and the endpoints stay as they are.
 *
 * Contract: `compute` reads the mesh and endpoints only through the context it is given, and `key`
 * names everything else it depends on (the mesh name is added by the implementation). What the first
 * computation read counts as read by every build that gets the shared value. The value is shared: no
 * caller may change it.
 */
export interface SharedParts {
  share<T>(key: string, ctx: BuildContext, compute: (ctx: BuildContext) => T): T;
}

/** `compute(ctx)` through the context's shared parts when it has them. */
export function sharedPart<T>(ctx: BuildContext, key: string, compute: (ctx: BuildContext) => T): T {
  return ctx.shared ? ctx.shared.share(key, ctx, compute) : compute(ctx);
}

/** One concern of the snapshot (ingress, egress, gateway, ...). Adds its resources to `out`. */
export interface ResourceGenerator {
  readonly name: string;
  generate(ctx: BuildContext, out: XdsResources): void;
}
