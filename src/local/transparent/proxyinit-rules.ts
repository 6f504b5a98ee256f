/**
 * The iptables rules of App Mesh's `proxyinit` (aws-appmesh-proxy-route-manager), as argv lists for a
 * workload's network namespace, and the APPMESH_* variables that configure them. Pure.
 *
 * The sidecar lives in the namespace with the app, as in a pod, so both directions are REDIRECTs:
 * - ingress: chain APPMESH_INGRESS (nat), entered from PREROUTING for TCP from non-local sources,
 *   redirects the app ports (APPMESH_APP_PORTS) to the sidecar's ingress port
 *   (APPMESH_ENVOY_INGRESS_PORT, 15000);
 * - egress: chain APPMESH_EGRESS (nat), entered from OUTPUT for TCP to non-local destinations, lets the
 *   proxy's identity (APPMESH_IGNORE_UID and/or APPMESH_IGNORE_GID), the ignored ports
 *   (APPMESH_EGRESS_IGNORED_PORTS, 22 always added) and the ignored addresses (APPMESH_EGRESS_IGNORED_IP)
 *   pass, and redirects the rest to the sidecar's egress port (APPMESH_ENVOY_EGRESS_PORT, 15001).
 */
import { ValidationError, type Violation } from '../../core/errors.js';

export interface ProxyinitConfig {
  /** APPMESH_APP_PORTS: inbound ports redirected to the ingress port. */
  readonly appPorts: readonly number[];
  /** APPMESH_ENVOY_INGRESS_PORT */
  readonly ingressPort: number;
  /** APPMESH_ENVOY_EGRESS_PORT */
  readonly egressPort: number;
  /** APPMESH_IGNORE_UID: egress of this uid is not redirected. */
  readonly ignoreUid: number | undefined;
  /** APPMESH_IGNORE_GID: egress of this gid is not redirected. */
  readonly ignoreGid: number | undefined;
  /** APPMESH_EGRESS_IGNORED_IP (addresses or CIDRs) */
  readonly egressIgnoredIps: readonly string[];
  /** APPMESH_EGRESS_IGNORED_PORTS (22 is always added, as proxyinit does) */
  readonly egressIgnoredPorts: readonly number[];
}

export const PROXYINIT_DEFAULTS = {
  ingressPort: 15000,
  egressPort: 15001,
  /** The sidecar keeps uid 0 (a checkout in a 0700 directory stays readable) and runs with this gid. */
  ignoreGid: 1337,
  egressIgnoredIps: ['169.254.169.254'],
  egressIgnoredPorts: [22],
} as const;

export const INGRESS_CHAIN = 'APPMESH_INGRESS';
export const EGRESS_CHAIN = 'APPMESH_EGRESS';

const nat = (...args: string[]): string[] => ['-t', 'nat', ...args];

/** iptables argument lists, in order (each to be run as `iptables <args>`). */
export function proxyinitRules(c: ProxyinitConfig): string[][] {
  const rules: string[][] = [];
  if (c.appPorts.length > 0) {
    rules.push(
      nat('-N', INGRESS_CHAIN),
      nat('-A', INGRESS_CHAIN, '-p', 'tcp', '-m', 'multiport', '--dports', c.appPorts.join(','), '-j', 'REDIRECT', '--to-port', String(c.ingressPort)),
      nat('-A', 'PREROUTING', '-p', 'tcp', '-m', 'addrtype', '!', '--src-type', 'LOCAL', '-j', INGRESS_CHAIN),
    );
  }
  const ports = [...new Set([...c.egressIgnoredPorts, 22])].sort((a, b) => a - b).join(',');
  rules.push(nat('-N', EGRESS_CHAIN));
  if (c.ignoreUid !== undefined) rules.push(nat('-A', EGRESS_CHAIN, '-m', 'owner', '--uid-owner', String(c.ignoreUid), '-j', 'RETURN'));
  if (c.ignoreGid !== undefined) rules.push(nat('-A', EGRESS_CHAIN, '-m', 'owner', '--gid-owner', String(c.ignoreGid), '-j', 'RETURN'));
  rules.push(nat('-A', EGRESS_CHAIN, '-p', 'tcp', '-m', 'multiport', '--dports', ports, '-j', 'RETURN'));
  if (c.egressIgnoredIps.length > 0) rules.push(nat('-A', EGRESS_CHAIN, '-p', 'tcp', '-d', c.egressIgnoredIps.join(','), '-j', 'RETURN'));
  rules.push(
    nat('-A', EGRESS_CHAIN, '-p', 'tcp', '-j', 'REDIRECT', '--to-port', String(c.egressPort)),
    nat('-A', 'OUTPUT', '-p', 'tcp', '-m', 'addrtype', '!', '--dst-type', 'LOCAL', '-j', EGRESS_CHAIN),
  );
  return rules;
}

/** The knobs a user may set in `meshwork run --transparent`'s environment; the ports are fixed by the xDS layout. */
export interface ProxyinitKnobs {
  readonly appPorts: readonly number[] | undefined;
  readonly ignoreUid: number | undefined;
  readonly ignoreGid: number;
  readonly egressIgnoredIps: readonly string[];
  readonly egressIgnoredPorts: readonly number[];
}

const IPV4_OR_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

function list(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * Reads APPMESH_APP_PORTS, APPMESH_IGNORE_UID, APPMESH_IGNORE_GID, APPMESH_EGRESS_IGNORED_IP and
 * APPMESH_EGRESS_IGNORED_PORTS; APPMESH_ENVOY_INGRESS_PORT / APPMESH_ENVOY_EGRESS_PORT may only
 * repeat 15000 / 15001 (the listeners App Mesh's transparent layout names). Every bad value is reported.
 */
export function proxyinitKnobs(env: NodeJS.ProcessEnv): ProxyinitKnobs {
  const violations: Violation[] = [];
  const int = (name: string, max: number, text: string): number | undefined => {
    const n = Number(text);
    if (/^\d+$/.test(text) && n <= max) return n;
    violations.push({ field: name, message: `expected an integer 0-${max}, got ${JSON.stringify(text)}` });
    return undefined;
  };
  const ports = (name: string): number[] | undefined => {
    const items = list(env[name]);
    if (items === undefined) return undefined;
    const out = items.map((p) => int(name, 65535, p)).filter((p): p is number => p !== undefined && p > 0);
    if (items.length > 15) violations.push({ field: name, message: `at most 15 ports (iptables multiport), got ${items.length}` });
    return out;
  };
  const id = (name: string): number | undefined => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? undefined : int(name, 4294967294, text);
  };
  for (const [name, fixed] of [['APPMESH_ENVOY_INGRESS_PORT', PROXYINIT_DEFAULTS.ingressPort], ['APPMESH_ENVOY_EGRESS_PORT', PROXYINIT_DEFAULTS.egressPort]] as const) {
    const text = env[name]?.trim();
    if (text !== undefined && text !== '' && text !== String(fixed)) {
      violations.push({ field: name, message: `must be ${fixed} (the sidecar's listener in App Mesh's transparent layout), got ${JSON.stringify(text)}` });
    }
  }
  const ips = list(env['APPMESH_EGRESS_IGNORED_IP']);
  for (const ip of ips ?? []) {
    const m = IPV4_OR_CIDR.exec(ip);
    if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || (m[5] !== undefined && Number(m[5]) > 32)) {
      violations.push({ field: 'APPMESH_EGRESS_IGNORED_IP', message: `expected IPv4 addresses or CIDRs separated by commas, got ${JSON.stringify(ip)}` });
    }
  }
  const knobs: ProxyinitKnobs = {
    appPorts: ports('APPMESH_APP_PORTS'),
    ignoreUid: id('APPMESH_IGNORE_UID'),
    ignoreGid: id('APPMESH_IGNORE_GID') ?? PROXYINIT_DEFAULTS.ignoreGid,
    egressIgnoredIps: ips ?? PROXYINIT_DEFAULTS.egressIgnoredIps,
    egressIgnoredPorts: ports('APPMESH_EGRESS_IGNORED_PORTS') ?? PROXYINIT_DEFAULTS.egressIgnoredPorts,
  };
  if (violations.length > 0) throw new ValidationError(violations);
  return knobs;
}
