/**
 * How a `meshwork proxy` process is started: every launcher (local mode's sidecars and gateways, the
 * benchmarks, the tests) builds its command line with `proxyCommandLine`, so each proxy runs with the
 * Node.js flags below. They cannot be set from inside the process: V8 sizes its heap when the process
 * starts. A container entrypoint does the same by hand: `node --max-semi-space-size=4 meshwork.js proxy ...`.
 *
 * `--max-semi-space-size=4` caps V8's young generation at 4 MiB per semi-space (Node 20's default grows
 * it to 16 MiB): a proxy allocates short-lived objects per request, and with the default the young
 * generation alone grows by about 30 MB under load. Smaller is leaner but collects more often; measured
 * (docs/performance.md), peak RSS under load 136–145 MB by default, 119–121 MB at 4 MiB, 110–114 MB at
 * 1 MiB, with garbage collection taking 3 %, 6 % and 15 % of the proxy's busy CPU.
 */
import { fileURLToPath } from 'node:url';

export const PROXY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

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
