/**
 * Spec sub-shapes shared by several kinds (API 2019-01-25): names, ports, durations, health checks,
 * outlier detection, connection pools, timeouts, logging, and the listener rules virtual nodes and
 * virtual gateways have in common. TLS shapes live in tls.ts, request matchers in match.ts.
 */
import * as z from 'zod';
import { boundedInt, boundedString, complain, exactlyOne, membersSet, oneOfValues } from './schema-kit.js';

/** ResourceName: 1..255 characters. A `/` would break ARNs and store keys, so it is refused too. */
export const ResourceName = boundedString(1, 255).refine((s) => !s.includes('/'), { error: 'must not contain "/"' });

export const PortNumber = boundedInt(1, 65535);

export const PORT_PROTOCOLS = ['http', 'tcp', 'http2', 'grpc'] as const;
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];
export const PortProtocol = oneOfValues(PORT_PROTOCOLS);

export const PortMapping = z.strictObject({ port: PortNumber, protocol: PortProtocol });
export type PortMapping = z.infer<typeof PortMapping>;

/**
 * Duration { unit: s|ms, value >= 0 }. The API model leaves both members optional; Meshwork requires
 * both, as the Kubernetes CRD does, because a duration missing either has no meaning.
 */
export const Duration = z.strictObject({ unit: oneOfValues(['s', 'ms']), value: boundedInt(0) });
export type Duration = z.infer<typeof Duration>;

/** Health check policy; `protocols` is the kind's listener protocol set (virtual gateways have no tcp). */
export function healthCheckPolicy<const P extends readonly [string, ...string[]]>(protocols: P) {
  return z
    .strictObject({
      healthyThreshold: boundedInt(2, 10),
      intervalMillis: boundedInt(5000, 300000),
      path: z.optional(z.string()),
      port: z.optional(PortNumber),
      protocol: oneOfValues(protocols),
      timeoutMillis: boundedInt(2000, 60000),
      unhealthyThreshold: boundedInt(2, 10),
    })
    .superRefine((hc, ctx) => {
      // Rule: an http or http2 health check needs the path to request (the API ignores it otherwise).
      if ((hc.protocol === 'http' || hc.protocol === 'http2') && hc.path === undefined) {
        complain(ctx, ['path'], `required when protocol is ${hc.protocol}`);
      }
    });
}
export const HealthCheckPolicy = healthCheckPolicy(PORT_PROTOCOLS);
export type HealthCheckPolicy = z.infer<typeof HealthCheckPolicy>;

export const OutlierDetection = z.strictObject({
  baseEjectionDuration: Duration,
  interval: Duration,
  maxEjectionPercent: boundedInt(0, 100),
  maxServerErrors: boundedInt(1),
});
export type OutlierDetection = z.infer<typeof OutlierDetection>;

const MaxConnections = boundedInt(1);
const MaxRequests = boundedInt(1);
export const HttpConnectionPool = z.strictObject({ maxConnections: MaxConnections, maxPendingRequests: z.optional(boundedInt(1)) });
export const Http2ConnectionPool = z.strictObject({ maxRequests: MaxRequests });
export const GrpcConnectionPool = z.strictObject({ maxRequests: MaxRequests });
export const TcpConnectionPool = z.strictObject({ maxConnections: MaxConnections });

export const HttpTimeout = z.strictObject({ idle: z.optional(Duration), perRequest: z.optional(Duration) });
export type HttpTimeout = z.infer<typeof HttpTimeout>;
export const GrpcTimeout = HttpTimeout;
export type GrpcTimeout = HttpTimeout;
export const TcpTimeout = z.strictObject({ idle: z.optional(Duration) });
export type TcpTimeout = z.infer<typeof TcpTimeout>;

/** Logging { accessLog: exactly one of file { path, format: exactly one of text | json } }. */
export const LoggingFormat = exactlyOne({
  json: z.array(z.strictObject({ key: boundedString(1, 100), value: boundedString(1, 100) })),
  text: boundedString(1, 1000),
});
export const Logging = z.strictObject({
  accessLog: z.optional(exactlyOne({ file: z.strictObject({ format: z.optional(LoggingFormat), path: boundedString(1, 255) }) })),
});
export type Logging = z.infer<typeof Logging>;

/** The parts of a listener the shared rules look at. */
interface ListenerLike {
  readonly portMapping: { readonly port: number; readonly protocol: string };
  readonly connectionPool?: object | undefined;
  readonly timeout?: object | undefined;
}

/**
 * Rule: the member set in a listener's `connectionPool` and `timeout` unions must be the listener's
 * own protocol (an http listener takes `connectionPool.http`, never `.tcp`).
 */
export function checkListenerProtocolMembers(listener: ListenerLike, ctx: z.RefinementCtx): void {
  const protocol = listener.portMapping.protocol;
  for (const field of ['connectionPool', 'timeout'] as const) {
    const union = listener[field];
    if (union === undefined) continue;
    const set = membersSet(union, ['grpc', 'http', 'http2', 'tcp']);
    if (set.length === 1 && set[0] !== protocol) {
      complain(ctx, [field, set[0] as string], `does not match the listener protocol ${protocol} (use ${field}.${protocol})`);
    }
  }
}

/** Rule: listener ports are unique within one resource. */
export function checkUniqueListenerPorts(listeners: readonly ListenerLike[], ctx: z.RefinementCtx): void {
  const firstIndex = new Map<number, number>();
  listeners.forEach((l, i) => {
    const port = l.portMapping.port;
    const first = firstIndex.get(port);
    if (first === undefined) firstIndex.set(port, i);
    else complain(ctx, ['listeners', i, 'portMapping', 'port'], `duplicate port ${port} (also used by listeners[${first}])`);
  });
}
