/**
 * VirtualGateway spec (API 2019-01-25): a standalone proxy that lets traffic from outside the mesh
 * reach virtual services through gateway routes. Listeners speak http, http2 or grpc (never tcp).
 */
import * as z from 'zod';
import { boundedList, exactlyOne, oneOfValues } from './schema-kit.js';
import {
  checkListenerProtocolMembers,
  checkUniqueListenerPorts,
  GrpcConnectionPool,
  healthCheckPolicy,
  Http2ConnectionPool,
  HttpConnectionPool,
  Logging,
  PortNumber,
} from './shared.js';
import { BackendDefaults, ListenerTls } from './tls.js';

export const VIRTUAL_GATEWAY_PROTOCOLS = ['http', 'http2', 'grpc'] as const;
const VirtualGatewayPortProtocol = oneOfValues(VIRTUAL_GATEWAY_PROTOCOLS);

export const VirtualGatewayListener = z
  .strictObject({
    connectionPool: z.optional(exactlyOne({ grpc: GrpcConnectionPool, http: HttpConnectionPool, http2: Http2ConnectionPool })),
    healthCheck: z.optional(healthCheckPolicy(VIRTUAL_GATEWAY_PROTOCOLS)),
    portMapping: z.strictObject({ port: PortNumber, protocol: VirtualGatewayPortProtocol }),
    tls: z.optional(ListenerTls),
  })
  .superRefine((listener, ctx) => checkListenerProtocolMembers(listener, ctx));
export type VirtualGatewayListener = z.infer<typeof VirtualGatewayListener>;

/**
 * VirtualGatewaySpec { listeners, logging, backendDefaults }.
 * Rule: at least one listener (the API requires the member; a gateway without a port serves nothing).
 * Rule: listener ports are unique.
 */
export const VirtualGatewaySpec = z
  .strictObject({
    backendDefaults: z.optional(BackendDefaults),
    listeners: boundedList(VirtualGatewayListener, 1),
    logging: z.optional(Logging),
  })
  .superRefine((spec, ctx) => checkUniqueListenerPorts(spec.listeners, ctx));
export type VirtualGatewaySpec = z.infer<typeof VirtualGatewaySpec>;
