/**
 * The namespace reaper: a small detached process that removes a workload's network namespace and its
 * `/etc/netns/<name>` directory once the runner that created them is gone, however it went (even
 * SIGKILL). It watches its stdin, a pipe whose only writer is the runner: the pipe ends when the
 * runner exits or closes it, and then the reaper cleans up and exits. Deleting the namespace removes
 * its iptables rules and its end of the veth, which takes the host end with it.
 *
 * Run as a script: `node netns-reaper.js <ip command> <namespace>`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const NETNS_REAPER_SCRIPT = fileURLToPath(import.meta.url);

export class NetnsReaper {
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;

  /** Starts the reaper for `netns`; from now on the namespace goes when the runner does. */
  constructor(ip: string, netns: string) {
    // Its own session: a terminal's Ctrl-C (sent to the runner's process group) must not stop it.
    this.#child = spawn(process.execPath, [NETNS_REAPER_SCRIPT, ip, netns], { stdio: ['pipe', 'ignore', 'inherit'], detached: true });
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

function main(ip: string, netns: string): void {
  process.stdin.resume();
  process.stdin.once('close', () => {
    execFile(ip, ['netns', 'del', netns], () => {
      rmSync(`/etc/netns/${netns}`, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

if (process.argv[1] === NETNS_REAPER_SCRIPT) main(process.argv[2]!, process.argv[3]!);
