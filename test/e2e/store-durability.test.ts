/**
 * What a transaction reported as committed survives `kill -9`, and a transaction is all or nothing:
 * a child commits 3-object transactions in a loop and prints each revision once `transact` resolved;
 * it is SIGKILLed mid-stream (twice, the second time after recovering the first crash), then the
 * parent reopens the file and checks every printed revision and that no transaction is partial.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { register } from '../../src/store/backends.js';
import { openStore } from '../../src/store/open.js';
import { DURABILITY_KIND, DURABILITY_PARTS } from '../support/store-writer.js';

const WRITER = fileURLToPath(new URL('../support/store-writer.js', import.meta.url));
const DEADLINE_MS = 20_000;

const root = mkdtempSync(join(tmpdir(), 'meshwork-durability-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Runs the writer until it has printed `lines` revisions, then SIGKILLs it; returns what it printed. */
async function writeThenKill(dataDir: string, lines: number): Promise<number[]> {
  const child = spawn(process.execPath, [WRITER, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const printed: number[] = [];
  const timer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      printed.push(Number(line));
      if (printed.length === lines) child.kill('SIGKILL');
    }
  } finally {
    clearTimeout(timer);
    child.kill('SIGKILL');
  }
  assert.equal(await exited, 'SIGKILL', `writer should die by SIGKILL; stderr: ${stderr}`);
  assert.ok(printed.length >= lines, `writer printed ${printed.length} revisions within ${DEADLINE_MS} ms; stderr: ${stderr}`);
  return printed;
}

test('committed transactions survive kill -9 and no transaction is ever partly visible', async () => {
  register();
  const dataDir = join(root, 'data');
  const first = await writeThenKill(dataDir, 40);
  const second = await writeThenKill(dataDir, 40);
  assert.deepEqual(first, first.map((_, i) => i + 1));
  const resumedAt = second[0] ?? 0;
  assert.ok(resumedAt > first.length, `the second writer resumed at revision ${resumedAt}, after the ${first.length} printed`);
  assert.deepEqual(second, second.map((_, i) => resumedAt + i));
  const printed = [...first, ...second];

  const store = await openStore({ dataDir });
  try {
    const revision = store.revision();
    const lastPrinted = printed.at(-1) ?? 0;
    assert.ok(revision >= lastPrinted, `store is at revision ${revision}, but revision ${lastPrinted} was reported committed`);
    for (let n = 1; n <= revision; n++) {
      for (const part of DURABILITY_PARTS) {
        const object = store.get<{ tx: number; part: string }>(DURABILITY_KIND, `tx${n}/${part}`);
        assert.deepEqual([object?.value.tx, object?.value.part, object?.createRevision], [n, part, n], `tx${n}/${part}`);
      }
    }
    assert.equal(store.list(DURABILITY_KIND).length, 3 * revision, 'no objects beyond the last committed revision');
    const changes = store.changesSince(0);
    assert.equal(changes.length, 3 * revision);
    assert.ok(changes.every((e, i) => e.revision === Math.floor(i / 3) + 1));
  } finally {
    await store.close();
  }
});
