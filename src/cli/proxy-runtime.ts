/**
 * How a `meshwork proxy` process is started: every launcher (local mode's sidecars and gateways, the
 * benchmarks, the tests) builds its command line with `proxyCommandLine`, so each proxy runs with the
 * Node.js flags below. They cannot be set from inside the process: V8 sizes its heap when the process
 * starts. A container entrypoint does the same by hand: `node --max-semi-space-size=2 meshwork.js proxy ...`.
 *
 * `--max-semi-space-size=2` caps V8's young generation at 2 MiB per semi-space (Node 20's default grows
 * it to 16 MiB): a proxy allocates short-lived objects per request, and with the default the young
 * generation alone grows by about 30 MB under load. Smaller is leaner but collects more often; measured
 * with the hand-written HTTP/1.1 and xDS paths (docs/performance.md), peak RSS under load 70–72 MB at
 * 4 MiB, 65–66 MB at 2 MiB, 63–64 MB at 1 MiB, with garbage collection taking 4 %, 7 % and 11 % of the
 * proxy's busy CPU.
 */
import { fileURLToPath } from 'node:url';

export const PROXY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/** This package's CLI entry point. */
export const MESHWORK_BIN = fileURLToPath(new URL('../bin/meshwork.js', import.meta.url));

export interface ProxyCommandLine {
  readonly command: string;
  readonly args: readonly string[];
}

export interface ProxyLaunchOptions {
  /** Further Node.js flags after PROXY_NODE_FLAGS (e.g. `--cpu-prof`). */
  readonly nodeFlags?: readonly string[];
  /** The script to run instead of this package's CLI (a stand-in taking the same flags). */
  readonly script?: string;
}

/** `node <PROXY_NODE_FLAGS> <nodeFlags> meshwork.js proxy <proxyFlags>`, under the current Node.js. */
export function proxyCommandLine(proxyFlags: readonly string[], options: ProxyLaunchOptions = {}): ProxyCommandLine {
  return {
    command: process.execPath,
    args: [...PROXY_NODE_FLAGS, ...(options.nodeFlags ?? []), options.script ?? MESHWORK_BIN, 'proxy', ...proxyFlags],
  };
}
