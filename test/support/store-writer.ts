/**
 * A child process for durability tests: opens the store in the data directory given as the only
 * argument and commits transactions until killed. Transaction n writes the three objects
 * `Durability tx<n>/a`, `tx<n>/b`, `tx<n>/c` (value `{ tx: n, part, pad }`); after its `transact`
 * promise resolves, the writer prints the committed revision on its own line.
 */
import { pathToFileURL } from 'node:url';
import { register } from '../../src/store/backends.js';
import { openStore } from '../../src/store/open.js';

export const DURABILITY_KIND = 'Durability';
export const DURABILITY_PARTS = ['a', 'b', 'c'] as const;

async function main(dataDir: string): Promise<void> {
  register();
  const store = await openStore({ dataDir });
  const pad = 'x'.repeat(2048);
  for (;;) {
    const revision = await store.transact((tx) => {
      const n = store.revision() + 1;
      for (const part of DURABILITY_PARTS) tx.put(DURABILITY_KIND, `tx${n}/${part}`, { tx: n, part, pad });
      return n;
    });
    process.stdout.write(`${revision}\n`);
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const dataDir = process.argv[2];
  if (dataDir === undefined) {
    process.stderr.write('usage: store-writer DATA_DIR\n');
    process.exit(2);
  }
  main(dataDir).catch((err: unknown) => {
    process.stderr.write(`store-writer: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
