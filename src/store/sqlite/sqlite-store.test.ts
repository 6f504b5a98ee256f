import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { describeStoreContract, type ContractStoreOptions } from '../store-contract.js';
import type { ResourceStore } from '../store.js';
import { openTempStore } from '../../../test/support/temp-store.js';
import { openSqliteStore } from './backend.js';
import { SqliteResourceStore } from './sqlite-store.js';

const root = mkdtempSync(join(tmpdir(), 'meshwork-sqlite-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

function reopen(closed: ResourceStore, options: ContractStoreOptions): ResourceStore {
  assert.ok(closed instanceof SqliteResourceStore);
  return openSqliteStore({ ...options, dataDir: dirname(closed.file) });
}

describeStoreContract('sqlite', (options) => openSqliteStore({ ...options, dataDir: join(root, `store-${++count}`) }), reopen);

test('the data lives in <dataDir>/meshwork.db, in WAL mode', async (t) => {
  const { store, dataDir } = openTempStore(t);
  await store.transact((tx) => tx.put('K', 'a', 1));
  assert.equal(store.file, join(dataDir, 'meshwork.db'));
  await store.close();
  const db = new Database(store.file, { readonly: true });
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  } finally {
    db.close();
  }
});

test('a second store on the same file is refused while the first is open', async () => {
  const file = join(root, 'locked.db');
  const first = new SqliteResourceStore(file);
  await first.transact((tx) => tx.put('K', 'a', 1));
  assert.throws(() => new SqliteResourceStore(file, { busyTimeoutMs: 50 }), {
    name: 'UnavailableError',
    message: `cannot open store ${file}: the store is in use by another process (run one control plane per data directory)`,
  });
  await first.close();
  const second = new SqliteResourceStore(file);
  try {
    assert.equal(second.get('K', 'a')?.value, 1);
  } finally {
    await second.close();
  }
});
