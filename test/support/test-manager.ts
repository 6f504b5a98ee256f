/**
 * A StoreResourceManager over a real SQLite store in a fresh temporary directory, for suites that share
 * one manager across tests (built in `before`, closed in `after`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreResourceManager, type StoreResourceManagerOptions } from '../../src/control-plane/manager/store-manager.js';
import { openSqliteStore } from '../../src/store/sqlite/backend.js';
import type { ResourceStore } from '../../src/store/store.js';

export interface TestManager {
  readonly manager: StoreResourceManager;
  readonly store: ResourceStore;
  /** Closes the store and removes its directory; idempotent. */
  close(): Promise<void>;
}

export async function createTestManager(options: Omit<StoreResourceManagerOptions, 'store'> = {}): Promise<TestManager> {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshwork-api-'));
  const store = openSqliteStore({ dataDir });
  let closed = false;
  return {
    manager: new StoreResourceManager({ ...options, store }),
    store,
    async close() {
      if (closed) return;
      closed = true;
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
