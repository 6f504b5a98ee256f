/** The built-in store backends. `register()` makes them known to `openStore`; calling it again is harmless. */
import { hasStoreBackend } from './open.js';
import { setup as setupSqlite } from './sqlite/backend.js';

export function register(): void {
  if (!hasStoreBackend('sqlite')) setupSqlite();
}
