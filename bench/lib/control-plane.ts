/**
 * A real `meshwork up` child for the control-plane benchmark: its own temporary data directory, free
 * loopback ports for HTTP, xDS and DNS, pinned to one CPU. Ready when both the HTTP and the xDS ports
 * accept connections. When this commit cannot run it (no `up` verb, no xDS listener), `startControlPlane`
 * says why instead of throwing.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PinnedProcess, tcpAccepts } from './launcher.js';
import { freePort } from './ports.js';

const run = promisify(execFile);

export interface ControlPlane {
  readonly process: PinnedProcess;
  readonly httpUrl: string;
  readonly xdsAddress: string;
}

export type ControlPlaneStart = { readonly kind: 'ready'; readonly cp: ControlPlane } | { readonly kind: 'unavailable'; readonly reason: string };

/** The compiled CLI of this checkout (what `npx meshwork` runs). */
export const MESHWORK_BIN = join(process.cwd(), 'dist', 'src', 'bin', 'meshwork.js');

/** Starts `meshwork up`; with `profileDir`, under `node --cpu-prof` writing `control-plane.cpuprofile` there. */
export async function startControlPlane(dataDir: string, cpu: number, profileDir?: string): Promise<ControlPlaneStart> {
  if (!existsSync(MESHWORK_BIN)) return { kind: 'unavailable', reason: `${MESHWORK_BIN} does not exist (run npm run build)` };
  const help = await run(process.execPath, [MESHWORK_BIN, 'up', '--help']).then((r) => r.stdout, () => '');
  if (!/--xds\b/.test(help)) return { kind: 'unavailable', reason: '`meshwork up` (with --xds) is not available at this commit' };
  const host = '127.0.0.1';
  const [http, xds, dns] = [await freePort(), await freePort(), await freePort()];
  const proc = new PinnedProcess({
    name: 'meshwork-up',
    command: process.execPath,
    args: [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-name=control-plane.cpuprofile'] : []), MESHWORK_BIN, 'up', '--http', `${host}:${http}`, '--xds', `${host}:${xds}`, '--dns', `${host}:${dns}`, '--data-dir', dataDir],
    cpu,
    env: { ...process.env, ENVOY_LOG_LEVEL: 'warning' },
    ready: async () => (await tcpAccepts(host, http)) && (await tcpAccepts(host, xds)),
    readyTimeoutMs: 20_000,
  });
  try {
    await proc.start();
  } catch (err) {
    proc.destroy();
    const msg = err instanceof Error ? err.message : String(err);
    return { kind: 'unavailable', reason: `meshwork up did not serve HTTP and xDS: ${msg.split('\n').filter((l) => l.trim() !== '').slice(0, 3).join(' ')}` };
  }
  return { kind: 'ready', cp: { process: proc, httpUrl: `http://${host}:${http}`, xdsAddress: `${host}:${xds}` } };
}
