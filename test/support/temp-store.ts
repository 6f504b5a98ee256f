/**
 * A real SQLite store in a fresh temporary data directory, for tests of anything that sits on the
 * store (manager, APIs, xDS). The store is closed and the directory removed when the test ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite/backend.js';
import type { SqliteResourceStore } from '../../src/store/sqlite/sqlite-store.js';
import type { OpenStoreOptions } from '../../src/store/open.js';

export interface TempStore {
  readonly store: SqliteResourceStore;
  readonly dataDir: string;
}

export function openTempStore(t: Pick<TestContext, 'after'>, options: Omit<OpenStoreOptions, 'dataDir' | 'backend'> = {}): TempStore {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshwork-store-'));
  const store = openSqliteStore({ ...options, dataDir });
  t.after(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { store, dataDir };
}
