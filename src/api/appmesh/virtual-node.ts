/**
 * VirtualNode spec (API 2019-01-25): the listeners a workload serves, how to find its instances, the
 * virtual services it calls, and its access log.
 */
import * as z from 'zod';
import { IpPreference } from './mesh.js';
import { boundedString, complain, exactlyOne, oneOfValues } from './schema-kit.js';
import {
  checkListenerProtocolMembers,
  checkUniqueListenerPorts,
  GrpcConnectionPool,
  GrpcTimeout,
  HealthCheckPolicy,
  Http2ConnectionPool,
  HttpConnectionPool,
  HttpTimeout,
  Logging,
  OutlierDetection,
  PortMapping,
  TcpConnectionPool,
  TcpTimeout,
} from './shared.js';
import { BackendDefaults, ClientPolicy, ListenerTls } from './tls.js';

/** Listener { portMapping, healthCheck, outlierDetection, connectionPool, timeout, tls }. */
export const Listener = z
  .strictObject({
    connectionPool: z.optional(exactlyOne({ grpc: GrpcConnectionPool, http: HttpConnectionPool, http2: Http2ConnectionPool, tcp: TcpConnectionPool })),
    healthCheck: z.optional(HealthCheckPolicy),
    outlierDetection: z.optional(OutlierDetection),
    portMapping: PortMapping,
    timeout: z.optional(exactlyOne({ grpc: GrpcTimeout, http: HttpTimeout, http2: HttpTimeout, tcp: TcpTimeout })),
    tls: z.optional(ListenerTls),
  })
  .superRefine((listener, ctx) => checkListenerProtocolMembers(listener, ctx));
export type Listener = z.infer<typeof Listener>;

const AwsCloudMapName = boundedString(1, 1024);

/** ServiceDiscovery: exactly one of dns | awsCloudMap. */
export const ServiceDiscovery = exactlyOne({
  awsCloudMap: z.strictObject({
    attributes: z.optional(
      z.array(
        z.strictObject({
          key: boundedString(1, 255).regex(/^[a-zA-Z0-9!-~]*$/, { error: 'must be printable ASCII without spaces' }),
          value: boundedString(1, 1024).regex(/^([a-zA-Z0-9!-~][ a-zA-Z0-9!-~]*){0,1}[a-zA-Z0-9!-~]{0,1}$/, {
            error: 'must be printable ASCII, not starting or ending with a space',
          }),
        }),
      ),
    ),
    ipPreference: z.optional(IpPreference),
    namespaceName: AwsCloudMapName,
    serviceName: AwsCloudMapName,
  }),
  dns: z.strictObject({
    hostname: boundedString(1),
    ipPreference: z.optional(IpPreference),
    responseType: z.optional(oneOfValues(['LOADBALANCER', 'ENDPOINTS'])),
  }),
});
export type ServiceDiscovery = z.infer<typeof ServiceDiscovery>;

/** Backend: exactly one of virtualService { virtualServiceName, clientPolicy }. */
export const Backend = exactlyOne({
  virtualService: z.strictObject({ clientPolicy: z.optional(ClientPolicy), virtualServiceName: boundedString(1) }),
});
export type Backend = z.infer<typeof Backend>;

/**
 * VirtualNodeSpec.
 * Rule: listener ports are unique.
 * Rule: a node with listeners needs serviceDiscovery (API docs: "If you specify a listener, then you
 * must specify service discovery information").
 * Rule: a virtual service appears at most once among the backends (as the Kubernetes webhook checks).
 */
export const VirtualNodeSpec = z
  .strictObject({
    backendDefaults: z.optional(BackendDefaults),
    backends: z.optional(z.array(Backend)),
    listeners: z.optional(z.array(Listener)),
    logging: z.optional(Logging),
    serviceDiscovery: z.optional(ServiceDiscovery),
  })
  .superRefine((spec, ctx) => {
    const listeners = spec.listeners ?? [];
    checkUniqueListenerPorts(listeners, ctx);
    if (listeners.length > 0 && spec.serviceDiscovery === undefined) complain(ctx, ['serviceDiscovery'], 'required when listeners are set');
    const seen = new Map<string, number>();
    (spec.backends ?? []).forEach((backend, i) => {
      const name = backend.virtualService?.virtualServiceName;
      if (name === undefined) return;
      const first = seen.get(name);
      if (first === undefined) seen.set(name, i);
      else complain(ctx, ['backends', i, 'virtualService', 'virtualServiceName'], `duplicate backend "${name}" (also backends[${first}])`);
    });
  });
export type VirtualNodeSpec = z.infer<typeof VirtualNodeSpec>;
