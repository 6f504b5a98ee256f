/**
 * The on-disk layout of a Meshwork SQLite store, and how a file is recognised as one.
 *
 * A Meshwork database carries SQLite's `application_id` = 0x4d657368 ("Mesh") and its schema version in
 * `user_version`. Opening a file that is not SQLite, is SQLite but someone else's, or was written by a
 * newer Meshwork fails with an UnavailableError that says which file and why; such a file is never
 * modified. An empty or missing file becomes a new store.
 *
 * The connection holds the file in SQLite's EXCLUSIVE locking mode for its whole life, so a second
 * process cannot open the same store while the first runs (the lock goes when the process dies).
 */
import Database from 'better-sqlite3';
import { errorMessage, UnavailableError } from '../../core/errors.js';

export const APPLICATION_ID = 0x4d657368;
export const SCHEMA_VERSION = 1;

const SCHEMA_V1 = `
CREATE TABLE objects (
  kind            TEXT    NOT NULL,
  key             TEXT    NOT NULL,
  value           TEXT    NOT NULL,
  version         INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  mod_revision    INTEGER NOT NULL,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE TABLE changes (
  revision INTEGER NOT NULL,
  seq      INTEGER NOT NULL,
  type     TEXT    NOT NULL CHECK (type IN ('put', 'delete')),
  kind     TEXT    NOT NULL,
  key      TEXT    NOT NULL,
  object   TEXT,
  previous TEXT,
  PRIMARY KEY (revision, seq)
) WITHOUT ROWID;
CREATE TABLE meta (
  name  TEXT    PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (name, value) VALUES ('revision', 0), ('compacted', 0);
`;

export interface OpenDatabaseOptions {
  /** How long a write waits for a lock held by another connection, in ms. */
  readonly busyTimeoutMs: number;
}

/** Opens `file` (creating it when missing) as a Meshwork store in WAL mode with synchronous=FULL. */
export function openDatabase(file: string, options: OpenDatabaseOptions): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs });
  } catch (err) {
    throw new UnavailableError(`cannot open store ${file}: ${errorMessage(err)}`, { cause: err });
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    checkIdentity(db, file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = OFF');
    db.transaction(() => createOrCheckSchema(db, file)).immediate();
    return db;
  } catch (err) {
    db.close();
    if (err instanceof UnavailableError) throw err;
    throw new UnavailableError(`cannot open store ${file}: ${describeSqliteError(err)}`, { cause: err });
  }
}

function describeSqliteError(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_BUSY') return 'the store is in use by another process (run one control plane per data directory)';
  if (code === 'SQLITE_NOTADB') return 'not a Meshwork database (the file is not an SQLite database)';
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') return `the file or its directory is not writable (${errorMessage(err)})`;
  return errorMessage(err);
}

/** Refuses, without writing, files that are SQLite but not ours, or ours but newer. */
function checkIdentity(db: Database.Database, file: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  if (appId === 0 && userVersion === 0) {
    const tables = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    if (tables.length === 0) return;
    throw new UnavailableError(`cannot open store ${file}: not a Meshwork database (it holds tables ${tables.join(', ')} and no Meshwork application id)`);
  }
  if (appId !== APPLICATION_ID) {
    throw new UnavailableError(
      `cannot open store ${file}: not a Meshwork database (SQLite application_id is 0x${(appId >>> 0).toString(16)}, expected 0x${APPLICATION_ID.toString(16)})`,
    );
  }
  if (userVersion > SCHEMA_VERSION) {
    throw new UnavailableError(
      `cannot open store ${file}: its schema version is ${userVersion}, newer than this Meshwork supports (${SCHEMA_VERSION}); ` +
        'run a newer Meshwork or choose another data directory',
    );
  }
}

function createOrCheckSchema(db: Database.Database, file: string): void {
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  if (userVersion === SCHEMA_VERSION) return;
  if (userVersion !== 0) {
    throw new UnavailableError(`cannot open store ${file}: unknown schema version ${userVersion}`);
  }
  db.exec(SCHEMA_V1);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
