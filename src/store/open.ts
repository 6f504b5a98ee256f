/**
 * Opening a store by backend name. Backends register a factory under a name; nothing registers on
 * import: `bin/` (or a test) calls `register()` from `backends.ts` first.
 *
 * Contract: `openStore` resolves to a ready store or rejects with a typed error that names the
 * backend or data directory and what is wrong with it; it never leaves a half-opened store behind.
 */
import { InternalError, ValidationError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { ResourceStore } from './store.js';

export interface OpenStoreOptions {
  /** Backend name; default `sqlite`. */
  readonly backend?: string;
  /** Where a file-based backend keeps its data; created when missing. */
  readonly dataDir: string;
  /** How many revisions of the change log to keep (backend default when absent). */
  readonly retainRevisions?: number;
  readonly logger?: Logger;
}

export type StoreBackendFactory = (options: OpenStoreOptions) => ResourceStore | Promise<ResourceStore>;

export const DEFAULT_STORE_BACKEND = 'sqlite';

const backends = new Map<string, StoreBackendFactory>();

/** Registers a backend; a name can be registered once. */
export function registerStoreBackend(name: string, factory: StoreBackendFactory): void {
  if (backends.has(name)) throw new InternalError(`store backend ${name} is already registered`);
  backends.set(name, factory);
}

export function hasStoreBackend(name: string): boolean {
  return backends.has(name);
}

/** Registered backend names, sorted. */
export function storeBackendNames(): string[] {
  return [...backends.keys()].sort();
}

export async function openStore(options: OpenStoreOptions): Promise<ResourceStore> {
  const name = options.backend ?? DEFAULT_STORE_BACKEND;
  const factory = backends.get(name);
  if (factory === undefined) {
    const known = storeBackendNames();
    throw new ValidationError(
      [{ field: 'backend', message: `unknown store backend "${name}"; known: ${known.length > 0 ? known.join(', ') : 'none (call register() first)'}` }],
      { subject: 'store options' },
    );
  }
  return factory(options);
}
