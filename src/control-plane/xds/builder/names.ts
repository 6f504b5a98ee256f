/**
 * Envoy resource names as App Mesh's Envoy gets them (reference §4), so runbooks, stat names and
 * `/config_dump` greps written for App Mesh keep working.
 */
import type { PortProtocol } from './spec.js';

/** Transparent mode's ingress port (iptables sends inbound traffic here). */
export const INGRESS_PORT = 15000;
/** The egress port in every mode. */
export const EGRESS_PORT = 15001;

export const listenerName = (direction: 'ingress' | 'egress', port: number): string => `lds_${direction}_0.0.0.0_${port}`;

export const routeConfigName = (direction: 'ingress' | 'egress', protocol: PortProtocol, port: number): string =>
  `rds_${direction}_${protocol}_${port}`;

export const ingressClusterName = (mesh: string, node: string, protocol: PortProtocol, port: number): string =>
  `cds_ingress_${mesh}_${node}_${protocol}_${port}`;

export const egressClusterName = (mesh: string, node: string, protocol: PortProtocol, port: number): string =>
  `cds_egress_${mesh}_${node}_${protocol}_${port}`;

export const allowAllClusterName = (mesh: string): string => `cds_egress_${mesh}_mesh-allow-all`;

export const selfRedirectClusterName = (mesh: string, gateway: string, protocol: PortProtocol, port: number): string =>
  `cds_ingress_${mesh}_${gateway}_self_redirect_${protocol}_${port}`;

/** The name of the API listener a gRPC client asks for with target `xds:///<service>:<port>`. */
export const apiListenerName = (service: string, port: number): string => `${service}:${port}`;

/** The App Mesh resource path that is a proxy's node id. */
export const nodeIdOf = (kind: 'virtualNode' | 'virtualGateway', mesh: string, name: string): string =>
  `mesh/${mesh}/${kind}/${name}`;
