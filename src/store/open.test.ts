import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { UnavailableError, ValidationError } from '../core/errors.js';
import { register } from './backends.js';
import { openStore, storeBackendNames } from './open.js';
import { APPLICATION_ID, SCHEMA_VERSION } from './sqlite/schema.js';

const root = mkdtempSync(join(tmpdir(), 'meshwork-open-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
before(() => {
  register();
  register();
});

test('openStore defaults to sqlite, creates the data directory and keeps data in <dataDir>/meshwork.db', async () => {
  assert.deepEqual(storeBackendNames(), ['sqlite']);
  const dataDir = join(root, 'nested', 'data');
  const store = await openStore({ dataDir });
  await store.transact((tx) => tx.put('K', 'a', { kept: true }));
  await store.close();
  assert.ok(existsSync(join(dataDir, 'meshwork.db')));
  const again = await openStore({ backend: 'sqlite', dataDir });
  try {
    assert.deepEqual(again.get('K', 'a')?.value, { kept: true });
  } finally {
    await again.close();
  }
});

test('an unknown backend is refused with the names that exist', async () => {
  await assert.rejects(openStore({ backend: 'etcd', dataDir: root }), (err) => {
    assert.ok(err instanceof ValidationError);
    assert.equal(err.message, 'invalid store options: backend: unknown store backend "etcd"; known: sqlite');
    return true;
  });
});

test('a data directory that cannot be created is named in the error', async () => {
  const file = join(root, 'plain-file');
  writeFileSync(file, 'not a directory');
  await assert.rejects(openStore({ dataDir: join(file, 'data') }), (err) => {
    assert.ok(err instanceof UnavailableError);
    assert.match(err.message, new RegExp(`^cannot create data directory ${join(file, 'data')}: ENOTDIR`));
    return true;
  });
});

test('a file that is not SQLite is refused and left untouched', async () => {
  const dataDir = join(root, 'not-sqlite');
  await openStore({ dataDir }).then((s) => s.close());
  const file = join(dataDir, 'meshwork.db');
  rmSync(file);
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  writeFileSync(file, 'hello, this is a text file that is long enough to have a header..........................................');
  const before = readFileSync(file);
  await assert.rejects(openStore({ dataDir }), {
    name: 'UnavailableError',
    message: `cannot open store ${file}: not a Meshwork database (the file is not an SQLite database)`,
  });
  assert.deepEqual(readFileSync(file), before);
});

test("another application's SQLite database is refused and left untouched", async () => {
  const dataDir = join(root, 'foreign');
  const file = join(dataDir, 'meshwork.db');
  await openStore({ dataDir }).then((s) => s.close());
  rmSync(file);
  const foreign = new Database(file);
  foreign.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY); CREATE TABLE customers (id INTEGER PRIMARY KEY)');
  foreign.close();
  await assert.rejects(openStore({ dataDir }), {
    message: `cannot open store ${file}: not a Meshwork database (it holds tables customers, invoices and no Meshwork application id)`,
  });
  const check = new Database(file, { readonly: true });
  assert.equal(check.pragma('journal_mode', { simple: true }), 'delete');
  check.close();
});

test('a store written by a newer Meshwork is refused with both schema versions', async () => {
  const dataDir = join(root, 'newer');
  await openStore({ dataDir }).then((s) => s.close());
  const file = join(dataDir, 'meshwork.db');
  const db = new Database(file);
  assert.equal(db.pragma('application_id', { simple: true }), APPLICATION_ID);
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  await assert.rejects(openStore({ dataDir }), {
    message:
      `cannot open store ${file}: its schema version is ${SCHEMA_VERSION + 1}, newer than this Meshwork supports (${SCHEMA_VERSION}); ` +
      'run a newer Meshwork or choose another data directory',
  });
});

test('a bad retention setting is refused', async () => {
  await assert.rejects(openStore({ dataDir: join(root, 'retain'), retainRevisions: 0 }), /retainRevisions: must be an integer >= 1, got 0/);
});
