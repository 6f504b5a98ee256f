/**
 * Transparent mode (Linux, root): the app runs in a network namespace of its own, so it needs no proxy
 * settings and keeps its own ports, while its sidecar stays in the host namespace, where every other
 * workload and the control plane are reachable on loopback.
 *
 * For a workload whose leased loopback address is 127.0.B.C:
 * - namespace `meshwork-B-C`, veth `mwh-B-C` (host end, 100.66.B.C, the workload's address: the
 *   sidecar binds its listeners and admin there and the workload is registered with it) ↔ `eth0`
 *   (namespace end, 100.67.B.C, where the app listens on its listener ports), default route via the host end;
 * - proxyinit's egress rules in the namespace (proxyinit-rules.ts), DNATing the app's TCP to the
 *   sidecar's egress listener (the sidecar routes by the Host header);
 * - `/etc/netns/meshwork-B-C/resolv.conf` naming the host end, where a DNS relay forwards to Meshwork's
 *   DNS server, with Kubernetes search domains so `green-v1.green` resolves as in a pod.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { ForbiddenError, UnavailableError, ValidationError, errorMessage } from '../../core/errors.js';
import type { PlacementTarget } from '../../api/local-workload.js';
import type { ChildSpec } from '../runner/child-process.js';
import { which } from '../runner/child-process.js';
import type { WorkloadNetwork, WorkloadPlacementOnNetwork } from '../runner/workload-runner.js';
import { EGRESS_PORT } from '../runner/app-env.js';
import { DnsRelay } from './dns-relay.js';
import { parseHostPort, type HostPort } from '../tcp-forwarder.js';
import { PROXYINIT_DEFAULTS, proxyinitRules } from './proxyinit-rules.js';

const run = promisify(execFile);

export interface TransparentOptions {
  /** Meshwork's DNS server, `host:port`. */
  readonly dns: string;
  readonly egressIgnoredIps?: readonly string[];
  readonly egressIgnoredPorts?: readonly number[];
}

interface Tools {
  readonly ip: string;
  readonly iptables: string;
}

/** Checks the platform, the tools and the privileges transparent mode needs; throws one clear error. */
/** `euid` is the effective user id to judge (the process's own unless given). */
export function checkTransparentSupport(euid: number | undefined = process.geteuid?.()): Tools {
  const hint = 'or leave out --transparent: apps that honour HTTP_PROXY need no privileges';
  if (process.platform !== 'linux') throw new UnavailableError(`meshwork run --transparent needs Linux network namespaces and iptables; this is ${process.platform}`);
  if (euid !== 0) {
    throw new ForbiddenError(
      `meshwork run --transparent needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) to create a network namespace, a veth pair and iptables rules; run it with sudo, ${hint}`,
    );
  }
  const ip = which('ip') ?? which('ip', '/usr/sbin:/sbin');
  const iptables = which('iptables') ?? which('iptables', '/usr/sbin:/sbin');
  if (!ip) throw new UnavailableError(`meshwork run --transparent needs the ip command (Debian/Ubuntu: apt-get install iproute2), ${hint}`);
  if (!iptables) throw new UnavailableError(`meshwork run --transparent needs iptables (Debian/Ubuntu: apt-get install iptables), ${hint}`);
  return { ip, iptables };
}

function hostPort(flag: string, text: string): HostPort {
  const parsed = parseHostPort(text);
  if (!parsed) throw new ValidationError([{ field: flag, message: `expected host:port, got ${JSON.stringify(text)}` }]);
  return parsed;
}

export class TransparentNetwork implements WorkloadNetwork {
  readonly #tools: Tools;
  readonly #opts: TransparentOptions;
  #netns: string | undefined;
  #relay: DnsRelay | undefined;

  private constructor(tools: Tools, opts: TransparentOptions) {
    this.#tools = tools;
    this.#opts = opts;
  }

  static create(opts: TransparentOptions): TransparentNetwork {
    hostPort('--dns', opts.dns);
    return new TransparentNetwork(checkTransparentSupport(), opts);
  }

  async setUp(_instance: string, leasedAddress: string, _target: PlacementTarget): Promise<WorkloadPlacementOnNetwork> {
    const [, , b, c] = leasedAddress.split('.');
    const netns = `meshwork-${b}-${c}`;
    const hostEnd = `mwh-${b}-${c}`;
    const hostIp = `100.66.${b}.${c}`;
    const podIp = `100.67.${b}.${c}`;
    const ip = (...args: string[]) => this.#exec(this.#tools.ip, args);
    const inNs = (cmd: string, ...args: string[]) => this.#exec(this.#tools.ip, ['netns', 'exec', netns, cmd, ...args]);
    // A namespace left by a runner that was killed is ours (the address lease proves it): start clean.
    await ip('netns', 'del', netns).catch(() => undefined);
    await ip('netns', 'add', netns);
    this.#netns = netns;
    await ip('link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns);
    await ip('addr', 'add', hostIp, 'peer', podIp, 'dev', hostEnd);
    await ip('link', 'set', hostEnd, 'up');
    await inNs(this.#tools.ip, 'addr', 'add', podIp, 'peer', hostIp, 'dev', 'eth0');
    await inNs(this.#tools.ip, 'link', 'set', 'lo', 'up');
    await inNs(this.#tools.ip, 'link', 'set', 'eth0', 'up');
    await inNs(this.#tools.ip, 'route', 'add', 'default', 'via', hostIp, 'dev', 'eth0');
    const rules = proxyinitRules({
      ignoreUid: PROXYINIT_DEFAULTS.ignoreUid,
      egressIgnoredIps: this.#opts.egressIgnoredIps ?? PROXYINIT_DEFAULTS.egressIgnoredIps,
      egressIgnoredPorts: this.#opts.egressIgnoredPorts ?? PROXYINIT_DEFAULTS.egressIgnoredPorts,
      egress: { address: hostIp, port: EGRESS_PORT },
    });
    for (const rule of rules) await inNs(this.#tools.iptables, '-w', ...rule);

    const namespaceOfWorkload = `/etc/netns/${netns}`;
    mkdirSync(namespaceOfWorkload, { recursive: true });
    writeFileSync(`${namespaceOfWorkload}/resolv.conf`, `nameserver ${hostIp}\nsearch svc.cluster.local cluster.local\noptions ndots:5\n`);
    this.#relay = new DnsRelay({ listen: { host: hostIp, port: 53 }, upstream: hostPort('--dns', this.#opts.dns) });
    await this.#relay.start();
    return { address: hostIp, appHost: podIp, appKeepsListenerPorts: true, useHttpProxy: false };
  }

  adapt(spec: ChildSpec): ChildSpec {
    const netns = this.#netns;
    if (spec.role !== 'app' || netns === undefined) return spec;
    return { ...spec, wrap: (argv) => [this.#tools.ip, 'netns', 'exec', netns, ...argv] };
  }

  async tearDown(): Promise<void> {
    await this.#relay?.close();
    this.#relay = undefined;
    const netns = this.#netns;
    this.#netns = undefined;
    if (netns === undefined) return;
    // Deleting the namespace removes its end of the veth, which removes the host end with it.
    await this.#exec(this.#tools.ip, ['netns', 'del', netns]);
    rmSync(`/etc/netns/${netns}`, { recursive: true, force: true });
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
