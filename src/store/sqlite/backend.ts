/**
 * The `sqlite` store backend: `<dataDir>/meshwork.db`, with the data directory created when missing.
 * A data directory that cannot be created or written is an UnavailableError naming it.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage, UnavailableError } from '../../core/errors.js';
import { registerStoreBackend, type OpenStoreOptions } from '../open.js';
import { SqliteResourceStore, type SqliteStoreOptions } from './sqlite-store.js';

export const SQLITE_FILE_NAME = 'meshwork.db';

export function setup(): void {
  registerStoreBackend('sqlite', openSqliteStore);
}

export function openSqliteStore(options: OpenStoreOptions): SqliteResourceStore {
  prepareDataDir(options.dataDir);
  const storeOptions: SqliteStoreOptions = {
    ...(options.retainRevisions !== undefined && { retainRevisions: options.retainRevisions }),
    ...(options.logger !== undefined && { logger: options.logger }),
  };
  return new SqliteResourceStore(join(options.dataDir, SQLITE_FILE_NAME), storeOptions);
}

function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new UnavailableError(`cannot create data directory ${dataDir}: ${errorMessage(err)}`, { cause: err });
  }
  try {
    accessSync(dataDir, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new UnavailableError(`data directory ${dataDir} is not writable: ${errorMessage(err)}`, { cause: err });
  }
}
