/**
 * Transparent mode (Linux, root): a workload is a pod. The app AND its sidecar run in a network
 * namespace of their own, with App Mesh proxyinit's iptables rules, so the app needs no proxy settings
 * and keeps its own ports.
 *
 * For a workload whose leased loopback address is 127.0.B.C:
 * - namespace `meshwork-B-C`; veth `mwh-B-C` (host end, 100.66.B.C) ↔ `eth0` (namespace end,
 *   100.67.B.C, the pod IP: the workload is registered with it), default route via the host end;
 * - in the namespace 127.0.0.0/8 is no longer all local: only 127.0.0.1 is, and the rest is routed to
 *   the host (`route_localnet` on both veth ends), so the sidecar reaches plain local-mode workloads on
 *   their 127.0.x.y addresses; the host end forwards (`forwarding` on it only) so namespaces reach each
 *   other's pod IPs. No host-wide setting is changed;
 * - proxyinit's rules (proxyinit-rules.ts): inbound TCP to the app ports → 15000, the sidecar's
 *   ingress listener (which forwards to the app on 127.0.0.1); outbound TCP → 15001, its egress
 *   listener, except the sidecar's own (it runs with gid 1337, or APPMESH_IGNORE_UID/GID);
 * - on the host end: a DNS relay to Meshwork's DNS server (the namespace's resolv.conf names it, with
 *   Kubernetes search domains) and an xDS forwarder to the control plane, for the sidecar;
 * - a reaper process (netns-reaper.ts) deletes the namespace when the runner goes, even on SIGKILL.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { ForbiddenError, UnavailableError, ValidationError, errorMessage } from '../../core/errors.js';
import type { PlacementTarget } from '../../api/local-workload.js';
import type { ChildSpec } from '../runner/child-process.js';
import { which } from '../runner/child-process.js';
import type { WorkloadNetwork, WorkloadPlacementOnNetwork } from '../runner/workload-network.js';
import { DnsRelay } from './dns-relay.js';
import { parseHostPort, TcpForwarder, type HostPort } from '../tcp-forwarder.js';
import { PROXYINIT_DEFAULTS, proxyinitRules, type ProxyinitKnobs } from './proxyinit-rules.js';
import { NetnsReaper, removeNamespace } from './netns-reaper.js';
import { waitForAppInNamespace } from './namespace-probe.js';

const run = promisify(execFile);

export interface TransparentOptions {
  /** Meshwork's DNS server, `host:port`. */
  readonly dns: string;
  /** The control plane's xDS server, `host:port`. */
  readonly xds: string;
  /** The APPMESH_* settings (proxyinitKnobs). */
  readonly knobs: ProxyinitKnobs;
}

interface Tools {
  readonly ip: string;
  readonly iptables: string;
  readonly setpriv: string;
}

const CAP_NET_ADMIN = 12n;
const CAP_SYS_ADMIN = 21n;

/** The process's effective capability set (`CapEff` of /proc/self/status), or undefined where unknown. */
export function effectiveCapabilities(): bigint | undefined {
  try {
    const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? BigInt(`0x${m[1]}`) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks the platform, the tools and the privileges transparent mode needs; throws one clear error.
 * `euid` and `capabilities` are the effective user id and capability set to judge (the process's own
 * unless given): root in a container without CAP_SYS_ADMIN or CAP_NET_ADMIN cannot do it either.
 */
export function checkTransparentSupport(euid: number | undefined = process.geteuid?.(), capabilities: bigint | undefined = effectiveCapabilities()): Tools {
  const hint = 'or leave out --transparent: apps that honour HTTP_PROXY need no privileges';
  if (process.platform !== 'linux') throw new UnavailableError(`meshwork run --transparent needs Linux network namespaces and iptables; this is ${process.platform}`);
  if (euid !== 0) {
    throw new ForbiddenError(
      `meshwork run --transparent needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) to create a network namespace, a veth pair and iptables rules; run it with sudo, ${hint}`,
    );
  }
  const missing = [['CAP_SYS_ADMIN', CAP_SYS_ADMIN], ['CAP_NET_ADMIN', CAP_NET_ADMIN]].filter(([, bit]) => capabilities !== undefined && ((capabilities >> (bit as bigint)) & 1n) === 0n);
  if (missing.length > 0) {
    throw new ForbiddenError(
      `meshwork run --transparent runs as root but without ${missing.map(([name]) => name).join(' and ')} (an unprivileged container?); it needs them to create a network namespace, a veth pair and iptables rules: run it with those capabilities (docker run --cap-add SYS_ADMIN --cap-add NET_ADMIN, or --privileged), ${hint}`,
    );
  }
  const find = (name: string): string | undefined => which(name) ?? which(name, '/usr/sbin:/sbin:/usr/bin:/bin');
  const ip = find('ip');
  const iptables = find('iptables');
  const setpriv = find('setpriv');
  if (!ip) throw new UnavailableError(`meshwork run --transparent needs the ip command (Debian/Ubuntu: apt-get install iproute2), ${hint}`);
  if (!iptables) throw new UnavailableError(`meshwork run --transparent needs iptables (Debian/Ubuntu: apt-get install iptables), ${hint}`);
  if (!setpriv) throw new UnavailableError(`meshwork run --transparent needs setpriv to run the sidecar as the proxy group (Debian/Ubuntu: apt-get install util-linux), ${hint}`);
  return { ip, iptables, setpriv };
}

function hostPort(flag: string, text: string): HostPort {
  const parsed = parseHostPort(text);
  if (!parsed) throw new ValidationError([{ field: flag, message: `expected host:port, got ${JSON.stringify(text)}` }]);
  return parsed;
}

/** The names and addresses of the namespace for a leased address 127.0.B.C. */
export function namespaceLayout(leasedAddress: string): { netns: string; hostEnd: string; hostIp: string; podIp: string } {
  const [, , b, c] = leasedAddress.split('.');
  return { netns: `meshwork-${b}-${c}`, hostEnd: `mwh-${b}-${c}`, hostIp: `100.66.${b}.${c}`, podIp: `100.67.${b}.${c}` };
}

export class TransparentNetwork implements WorkloadNetwork {
  readonly #tools: Tools;
  readonly #opts: TransparentOptions;
  readonly #dns: HostPort;
  readonly #xds: HostPort;
  #netns: string | undefined;
  #reaper: NetnsReaper | undefined;
  #relay: DnsRelay | undefined;
  #xdsForwarder: TcpForwarder | undefined;

  private constructor(tools: Tools, opts: TransparentOptions) {
    this.#tools = tools;
    this.#opts = opts;
    this.#dns = hostPort('--dns', opts.dns);
    this.#xds = hostPort('--xds', opts.xds);
  }

  static create(opts: TransparentOptions): TransparentNetwork {
    return new TransparentNetwork(checkTransparentSupport(), opts);
  }

  async setUp(_instance: string, leasedAddress: string, target: PlacementTarget): Promise<WorkloadPlacementOnNetwork> {
    const { netns, hostEnd, hostIp, podIp } = namespaceLayout(leasedAddress);
    const ip = (...args: string[]) => this.#exec(this.#tools.ip, args);
    const inNs = (cmd: string, ...args: string[]) => this.#exec(this.#tools.ip, ['netns', 'exec', netns, cmd, ...args]);
    // A namespace or veth left by a runner whose reaper could not run is ours (the address lease proves it).
    await new Promise<void>((resolve) => removeNamespace(this.#tools.ip, netns, hostEnd, resolve));
    await ip('netns', 'add', netns);
    this.#netns = netns;
    this.#reaper = new NetnsReaper(this.#tools.ip, netns, hostEnd);
    await ip('link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns);
    await ip('addr', 'add', hostIp, 'peer', podIp, 'dev', hostEnd);
    for (const knob of ['forwarding', 'route_localnet']) writeFileSync(`/proc/sys/net/ipv4/conf/${hostEnd}/${knob}`, '1');
    await ip('link', 'set', hostEnd, 'up');
    await inNs(this.#tools.ip, 'addr', 'add', podIp, 'peer', hostIp, 'dev', 'eth0');
    await inNs(this.#tools.ip, 'link', 'set', 'lo', 'up');
    await inNs(this.#tools.ip, 'link', 'set', 'eth0', 'up');
    await inNs('sh', '-c', 'echo 1 > /proc/sys/net/ipv4/conf/eth0/route_localnet');
    await inNs(this.#tools.ip, 'route', 'add', 'default', 'via', hostIp, 'dev', 'eth0');
    // 127.0.0.1 stays the namespace's own; the rest of 127.0.0.0/8 is the host's local-mode workloads.
    await inNs(this.#tools.ip, 'route', 'del', 'local', '127.0.0.0/8', 'dev', 'lo', 'table', 'local');
    await inNs(this.#tools.ip, 'route', 'add', '127.0.0.0/8', 'via', hostIp, 'dev', 'eth0', 'src', podIp);

    const knobs = this.#opts.knobs;
    // A gateway's proxy serves its listener ports itself (App Mesh injects no proxyinit into gateway pods).
    const appPorts = target.node.kind === 'virtualGateway' ? [] : (knobs.appPorts ?? target.listeners.map((l) => l.port));
    const rules = proxyinitRules({
      appPorts,
      ingressPort: PROXYINIT_DEFAULTS.ingressPort,
      egressPort: PROXYINIT_DEFAULTS.egressPort,
      ignoreUid: knobs.ignoreUid,
      ignoreGid: knobs.ignoreGid,
      // The host end carries only Meshwork's own relays (DNS over TCP must not reach the egress listener).
      egressIgnoredIps: [...knobs.egressIgnoredIps, hostIp],
      egressIgnoredPorts: knobs.egressIgnoredPorts,
    });
    for (const rule of rules) await inNs(this.#tools.iptables, '-w', ...rule);

    const etc = `/etc/netns/${netns}`;
    mkdirSync(etc, { recursive: true });
    writeFileSync(`${etc}/resolv.conf`, `nameserver ${hostIp}\nsearch svc.cluster.local cluster.local\noptions ndots:5\n`);
    this.#relay = new DnsRelay({ listen: { host: hostIp, port: 53 }, upstream: this.#dns });
    await this.#relay.start();
    this.#xdsForwarder = new TcpForwarder('xds-forwarder', { host: hostIp, port: this.#xds.port }, this.#xds);
    await this.#xdsForwarder.start();
    return {
      address: podIp,
      appHost: '127.0.0.1',
      appListenHost: '0.0.0.0',
      appKeepsListenerPorts: true,
      useHttpProxy: false,
      interception: 'transparent',
      proxyAddress: '0.0.0.0',
      xds: `${hostIp}:${this.#xds.port}`,
    };
  }

  adapt(spec: ChildSpec): ChildSpec {
    const netns = this.#netns;
    if (netns === undefined) return spec;
    const wrap = (argv: readonly string[]): readonly string[] => [this.#tools.ip, 'netns', 'exec', netns, ...argv];
    if (spec.role === 'app') return { ...spec, wrap };
    // The sidecar runs as the identity whose egress the rules let pass.
    const { ignoreUid, ignoreGid } = this.#opts.knobs;
    const identity = ['--regid', String(ignoreGid), '--clear-groups', ...(ignoreUid === undefined ? [] : ['--reuid', String(ignoreUid)])];
    return { ...spec, wrap, setprivArgs: [...(spec.setprivArgs ?? []), ...identity] };
  }

  waitForApp(port: number, deadline: number, signal: AbortSignal): Promise<void> {
    if (this.#netns === undefined) throw new Error('transparent network not set up');
    return waitForAppInNamespace(this.#tools.ip, this.#netns, port, deadline, signal);
  }

  async tearDown(): Promise<void> {
    this.#xdsForwarder?.destroy();
    this.#xdsForwarder = undefined;
    await this.#relay?.close();
    this.#relay = undefined;
    this.#netns = undefined;
    await this.#reaper?.reap();
    this.#reaper = undefined;
  }

  async #exec(cmd: string, args: readonly string[]): Promise<void> {
    try {
      await run(cmd, [...args]);
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr?.trim();
      throw new UnavailableError(`transparent mode: ${[cmd, ...args].join(' ')} failed: ${stderr || errorMessage(err)}`, { cause: err });
    }
  }
}
