/**
 * One SQLite store transaction as `fn` sees it. Writes go straight into the open SQLite transaction
 * (so reads see them) and are recorded as change events under the transaction's revision. The object
 * is usable only while `fn` runs; afterwards every call throws.
 */
import { InternalError } from '../../core/errors.js';
import { decodeFrozen, encodeValue } from '../json-value.js';
import type { ChangeEvent, StoredObject, StoreTx, WriteOptions } from '../store.js';
import { checkExpectedVersion, checkName } from '../write-checks.js';
import { SqliteReader, type Statements } from './statements.js';

export class SqliteTx extends SqliteReader implements StoreTx {
  readonly revision: number;
  readonly #events: ChangeEvent[] = [];
  #open = true;

  constructor(statements: Statements, revision: number) {
    super(statements);
    this.revision = revision;
  }

  /** The changes made so far, in order. */
  get events(): readonly ChangeEvent[] {
    return this.#events;
  }

  put<V>(kind: string, key: string, value: V, options?: WriteOptions): StoredObject<V> {
    this.checkOpen();
    checkName(kind, key);
    const previous = this.statements.get(kind, key);
    checkExpectedVersion(kind, key, previous, options);
    const json = encodeValue(kind, key, value);
    const object: StoredObject<V> = Object.freeze({
      kind,
      key,
      value: decodeFrozen<V>(json),
      version: (previous?.version ?? 0) + 1,
      createRevision: previous?.createRevision ?? this.revision,
      modRevision: this.revision,
    });
    this.statements.putObject(object, json);
    this.#record({ revision: this.revision, type: 'put', kind, key, object, previous });
    return object;
  }

  delete(kind: string, key: string, options?: WriteOptions): StoredObject | undefined {
    this.checkOpen();
    checkName(kind, key);
    const previous = this.statements.get(kind, key);
    checkExpectedVersion(kind, key, previous, options);
    if (previous === undefined) return undefined;
    this.statements.deleteObject(kind, key);
    this.#record({ revision: this.revision, type: 'delete', kind, key, object: undefined, previous });
    return previous;
  }

  /** Ends the transaction's life: later calls throw. */
  end(): void {
    this.#open = false;
  }

  #record(event: ChangeEvent): void {
    this.#events.push(Object.freeze(event));
  }

  protected checkOpen(): void {
    if (!this.#open) {
      throw new InternalError('store transaction used after transact(fn) returned; use the tx only inside fn');
    }
  }
}
