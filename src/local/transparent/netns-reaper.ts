/**
 * The namespace reaper: a small detached process that removes a workload's network namespace and its
 * `/etc/netns/<name>` directory once the runner that created them is gone, however it went (even
 * SIGKILL). It watches its stdin, a pipe whose only writer is the runner: the pipe ends when the
 * runner exits or closes it, and then the reaper cleans up and exits. Deleting the namespace removes
 * its iptables rules; the veth is deleted explicitly, since the kernel keeps a namespace (and its end
 * of the veth) alive while orphaned TCP connections made in it are still closing.
 *
 * Run as a script: `node netns-reaper.js <ip command> <namespace> <veth host end>`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const NETNS_REAPER_SCRIPT = fileURLToPath(import.meta.url);

export class NetnsReaper {
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;

  /** Starts the reaper for `netns`; from now on the namespace goes when the runner does. */
  constructor(ip: string, netns: string, hostEnd: string) {
    // Its own session: a terminal's Ctrl-C (sent to the runner's process group) must not stop it.
    this.#child = spawn(process.execPath, [NETNS_REAPER_SCRIPT, ip, netns, hostEnd], { stdio: ['pipe', 'ignore', 'inherit'], detached: true });
    this.#exited = new Promise((resolve) => this.#child.once('close', () => resolve()));
    this.#child.on('error', () => undefined);
    this.#child.stdin!.on('error', () => undefined);
    this.#child.unref();
  }

  /** Removes the namespace now and resolves when it is gone. */
  async reap(): Promise<void> {
    this.#child.ref();
    this.#child.stdin!.end();
    await this.#exited;
  }
}

/** Removes the namespace, the veth and the resolv.conf directory; each step runs even if another failed. */
export function removeNamespace(ip: string, netns: string, hostEnd: string, done: () => void): void {
  execFile(ip, ['netns', 'del', netns], () => {
    execFile(ip, ['link', 'del', hostEnd], () => {
      rmSync(`/etc/netns/${netns}`, { recursive: true, force: true });
      done();
    });
  });
}

function main(ip: string, netns: string, hostEnd: string): void {
  process.stdin.resume();
  process.stdin.once('close', () => removeNamespace(ip, netns, hostEnd, () => process.exit(0)));
}

if (process.argv[1] === NETNS_REAPER_SCRIPT) main(process.argv[2]!, process.argv[3]!, process.argv[4]!);
