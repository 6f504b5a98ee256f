/**
 * The upstream every row forwards to: nginx answering `GET /` with a 12-byte body and `/1k` with 1 KiB
 * (peer-configs.ts), one worker, pinned to `cpu`, on a free loopback port.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PinnedProcess } from './launcher.js';
import { upstreamNginxConfig, type Listen } from './peer-configs.js';
import { freePort } from './ports.js';

export interface Upstream {
  readonly listen: Listen;
  readonly process: PinnedProcess;
}

/** Writes the upstream's config under `<dir>/upstream`; the process is not started yet. */
export async function upstreamProcess(dir: string, nginx: string, cpu: number): Promise<Upstream> {
  const upstreamDir = join(dir, 'upstream');
  mkdirSync(upstreamDir);
  const listen = { host: '127.0.0.1', port: await freePort() };
  writeFileSync(join(upstreamDir, 'nginx.conf'), upstreamNginxConfig(upstreamDir, listen));
  return { listen, process: new PinnedProcess({ name: 'upstream', command: nginx, args: ['-c', join(upstreamDir, 'nginx.conf'), '-p', upstreamDir], cpu, ready: listen }) };
}
