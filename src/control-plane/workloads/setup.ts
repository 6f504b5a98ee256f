/**
 * Local mode's part of the control plane: the `/meshwork/v1/workloads` module over a WorkloadRegistry.
 * Registrations never outlive the process that held them open, so any left in the store by a previous
 * run are dropped first (the store serialises transactions, so this runs before any new registration).
 */
import { errorMessage } from '../../core/errors.js';
import type { RuntimeContext } from '../runtime.js';
import type { HttpModule } from '../http/router.js';
import { createWorkloadsModule } from './http-module.js';
import { createMeshWorldSource } from './mesh-world.js';
import { WorkloadRegistry } from './registry.js';

export function createLocalWorkloadsModule(ctx: RuntimeContext): HttpModule {
  const log = ctx.options.logs.get('workloads');
  const registry = new WorkloadRegistry(ctx.store, ctx.options.clock);
  registry.purge().then(
    (n) => n > 0 && log.info(`dropped ${n} workload registration(s) left by a previous run`),
    (err: unknown) => log.error(`could not drop stale workload registrations: ${errorMessage(err)}`),
  );
  return createWorkloadsModule(registry, createMeshWorldSource(ctx.manager, ctx.store), log);
}
