/**
 * A real `meshwork up` in a temp data dir with the chapter's manifests applied up to the consumer node
 * (examples/webapp 02–07, namespaces first), as the local-mode end-to-end tests start from.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { runCli, startControlPlane, type RunningControlPlane } from './meshwork-process.js';
import { WEBAPP_EXAMPLE } from './paths.js';

export const CHAPTER_UP_TO_CONSUMER = ['04-namespace-labels.yaml', '02-services.yaml', '03-mesh.yaml', '05-virtual-nodes.yaml', '06-virtual-services.yaml', '07-consumer-node.yaml'];

export interface ChapterControlPlane {
  readonly cp: RunningControlPlane;
  readonly dataDir: string;
  /** The xDS and DNS addresses `meshwork up` printed (`host:port`). */
  readonly xds: string;
  readonly dns: string;
}

/**
 * Starts the control plane and applies the chapter up to the consumer node in one apply, together with
 * `extraManifests` (file name → YAML text, written next to the data directory's store).
 */
export async function startChapterControlPlane(t: Pick<TestContext, 'after'>, prefix: string, extraManifests: Readonly<Record<string, string>> = {}): Promise<ChapterControlPlane> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const extraFiles = Object.entries(extraManifests).map(([name, text]) => {
    writeFileSync(join(dataDir, name), text);
    return join(dataDir, name);
  });
  const cp = await startControlPlane(t, dataDir);
  const xds = /^xds listening on (\S+)$/m.exec(cp.output())?.[1];
  const dns = /^dns listening on (?:udp\+tcp )?(\S+)$/m.exec(cp.output())?.[1];
  assert.ok(xds && dns, `meshwork up printed its xDS and DNS addresses: ${cp.output()}`);
  const applied = await runCli(['apply', '--server', cp.url, '-f', ...CHAPTER_UP_TO_CONSUMER.map((f) => join(WEBAPP_EXAMPLE, f)), ...extraFiles]);
  assert.equal(applied.code, 0, applied.stderr);
  return { cp, dataDir, xds, dns };
}
