/**
 * The iptables rules of App Mesh's `proxyinit` (aws-appmesh-proxy-route-manager), as argv lists for
 * the app's network namespace. Pure.
 *
 * Egress is proxyinit's: a nat chain APPMESH_EGRESS, entered from OUTPUT for TCP to non-local
 * destinations, that lets the ignored uid (APPMESH_IGNORE_UID, 1337), the ignored ports
 * (APPMESH_EGRESS_IGNORED_PORTS, 22 always added) and the ignored addresses (APPMESH_EGRESS_IGNORED_IP,
 * 169.254.169.254) pass, and sends everything else to the sidecar's egress port
 * (APPMESH_ENVOY_EGRESS_PORT, 15001). One difference: the sidecar lives on the far end of the
 * namespace's veth, not inside it, so the last rule is a DNAT to `<sidecar>:15001` rather than a
 * REDIRECT. Ingress needs no rule: peers reach the sidecar's inbound listeners on the workload's
 * address directly, and the sidecar forwards to the app inside the namespace.
 * DNS (UDP and TCP 53) to anywhere goes to the resolver the namespace's resolv.conf names.
 */

export interface ProxyinitConfig {
  /** APPMESH_IGNORE_UID */
  readonly ignoreUid: number;
  /** APPMESH_EGRESS_IGNORED_IP (addresses or CIDRs) */
  readonly egressIgnoredIps: readonly string[];
  /** APPMESH_EGRESS_IGNORED_PORTS (22 is always added, as proxyinit does) */
  readonly egressIgnoredPorts: readonly number[];
  /** The sidecar's egress listener: address and APPMESH_ENVOY_EGRESS_PORT. */
  readonly egress: { readonly address: string; readonly port: number };
}

export const PROXYINIT_DEFAULTS = {
  ignoreUid: 1337,
  egressIgnoredIps: ['169.254.169.254'],
  egressIgnoredPorts: [22],
  egressPort: 15001,
} as const;

export const EGRESS_CHAIN = 'APPMESH_EGRESS';

/** iptables argument lists, in order (each to be run as `iptables <args>`). */
export function proxyinitRules(c: ProxyinitConfig): string[][] {
  const ports = [...new Set([...c.egressIgnoredPorts, 22])].sort((a, b) => a - b).join(',');
  const rules: string[][] = [
    ['-t', 'nat', '-N', EGRESS_CHAIN],
    ['-t', 'nat', '-A', EGRESS_CHAIN, '-m', 'owner', '--uid-owner', String(c.ignoreUid), '-j', 'RETURN'],
    ['-t', 'nat', '-A', EGRESS_CHAIN, '-p', 'tcp', '-m', 'multiport', '--dports', ports, '-j', 'RETURN'],
  ];
  if (c.egressIgnoredIps.length > 0) {
    rules.push(['-t', 'nat', '-A', EGRESS_CHAIN, '-p', 'tcp', '-d', c.egressIgnoredIps.join(','), '-j', 'RETURN']);
  }
  rules.push(
    ['-t', 'nat', '-A', EGRESS_CHAIN, '-p', 'tcp', '-j', 'DNAT', '--to-destination', `${c.egress.address}:${c.egress.port}`],
    ['-t', 'nat', '-A', 'OUTPUT', '-p', 'tcp', '-m', 'addrtype', '!', '--dst-type', 'LOCAL', '-j', EGRESS_CHAIN],
  );
  return rules;
}
