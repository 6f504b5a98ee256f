/**
 * The prepared statements of the SQLite store and the mapping between rows and stored objects.
 * Reads here are shared by the store (committed state) and a transaction (its own writes included).
 */
import type Database from 'better-sqlite3';
import { InternalError } from '../../core/errors.js';
import { decodeFrozen } from '../json-value.js';
import type { ChangeEvent, StoredObject, StoreReader } from '../store.js';

interface ObjectRow {
  readonly kind: string;
  readonly key: string;
  readonly value: string;
  readonly version: number;
  readonly create_revision: number;
  readonly mod_revision: number;
}

interface ChangeRow {
  readonly revision: number;
  readonly type: 'put' | 'delete';
  readonly kind: string;
  readonly key: string;
  readonly object: string | null;
  readonly previous: string | null;
}

const OBJECT_COLUMNS = 'kind, key, value, version, create_revision, mod_revision';

export type MetaName = 'revision' | 'compacted';

export class Statements {
  readonly #get: Database.Statement<[string, string], ObjectRow>;
  readonly #listFrom: Database.Statement<[string, string], ObjectRow>;
  readonly #upsert: Database.Statement<[string, string, string, number, number, number]>;
  readonly #delete: Database.Statement<[string, string]>;
  readonly #insertChange: Database.Statement<[number, number, string, string, string, string | null, string | null]>;
  readonly #changesSince: Database.Statement<[number], ChangeRow>;
  readonly #compact: Database.Statement<[number]>;
  readonly #getMeta: Database.Statement<[string], { value: number }>;
  readonly #setMeta: Database.Statement<[number, string]>;

  constructor(db: Database.Database) {
    this.#get = db.prepare(`SELECT ${OBJECT_COLUMNS} FROM objects WHERE kind = ? AND key = ?`);
    this.#listFrom = db.prepare(`SELECT ${OBJECT_COLUMNS} FROM objects WHERE kind = ? AND key >= ? ORDER BY key`);
    this.#upsert = db.prepare(
      `INSERT INTO objects (${OBJECT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, version = excluded.version, mod_revision = excluded.mod_revision`,
    );
    this.#delete = db.prepare('DELETE FROM objects WHERE kind = ? AND key = ?');
    this.#insertChange = db.prepare('INSERT INTO changes (revision, seq, type, kind, key, object, previous) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.#changesSince = db.prepare('SELECT revision, type, kind, key, object, previous FROM changes WHERE revision > ? ORDER BY revision, seq');
    this.#compact = db.prepare('DELETE FROM changes WHERE revision <= ?');
    this.#getMeta = db.prepare('SELECT value FROM meta WHERE name = ?');
    this.#setMeta = db.prepare('UPDATE meta SET value = ? WHERE name = ?');
  }

  get<V>(kind: string, key: string): StoredObject<V> | undefined {
    const row = this.#get.get(kind, key);
    return row === undefined ? undefined : toObject<V>(row);
  }

  /** Keys sort by SQLite's BINARY collation (UTF-8 bytes, i.e. code point order). */
  list<V>(kind: string, prefix: string): StoredObject<V>[] {
    const out: StoredObject<V>[] = [];
    for (const row of this.#listFrom.iterate(kind, prefix)) {
      if (!row.key.startsWith(prefix)) break;
      out.push(toObject<V>(row));
    }
    return out;
  }

  putObject(object: StoredObject, valueJson: string): void {
    this.#upsert.run(object.kind, object.key, valueJson, object.version, object.createRevision, object.modRevision);
  }

  deleteObject(kind: string, key: string): void {
    this.#delete.run(kind, key);
  }

  insertChange(event: ChangeEvent, seq: number): void {
    const object = event.object === undefined ? null : JSON.stringify(event.object);
    const previous = event.previous === undefined ? null : JSON.stringify(event.previous);
    this.#insertChange.run(event.revision, seq, event.type, event.kind, event.key, object, previous);
  }

  changesSince(from: number): ChangeEvent[] {
    return this.#changesSince.all(from).map(toEvent);
  }

  /** Drops the change log up to and including `revision`. */
  compact(revision: number): void {
    this.#compact.run(revision);
  }

  meta(name: MetaName): number {
    const row = this.#getMeta.get(name);
    if (row === undefined) throw new InternalError(`store meta row ${name} is missing`);
    return row.value;
  }

  setMeta(name: MetaName, value: number): void {
    this.#setMeta.run(value, name);
  }
}

/** Reads committed state (or, inside a transaction, its writes too) while `checkOpen` allows it. */
export abstract class SqliteReader implements StoreReader {
  protected readonly statements: Statements;

  constructor(statements: Statements) {
    this.statements = statements;
  }

  /** Throws when this reader may no longer be used. */
  protected abstract checkOpen(): void;

  get<V = unknown>(kind: string, key: string): StoredObject<V> | undefined {
    this.checkOpen();
    return this.statements.get<V>(kind, key);
  }

  list<V = unknown>(kind: string, prefix = ''): StoredObject<V>[] {
    this.checkOpen();
    return this.statements.list<V>(kind, prefix);
  }
}

function toObject<V>(row: ObjectRow): StoredObject<V> {
  return Object.freeze({
    kind: row.kind,
    key: row.key,
    value: decodeFrozen<V>(row.value),
    version: row.version,
    createRevision: row.create_revision,
    modRevision: row.mod_revision,
  });
}

function toEvent(row: ChangeRow): ChangeEvent {
  return Object.freeze({
    revision: row.revision,
    type: row.type,
    kind: row.kind,
    key: row.key,
    object: row.object === null ? undefined : decodeFrozen<StoredObject>(row.object),
    previous: row.previous === null ? undefined : decodeFrozen<StoredObject>(row.previous),
  });
}
