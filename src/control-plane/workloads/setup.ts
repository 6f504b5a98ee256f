/**
 * Local mode's part of the control plane: the `/meshwork/v1/workloads` module over a WorkloadRegistry.
 * Registrations never outlive the process that held them open, so any left in the store by a previous
 * run are dropped first (the store serialises transactions, so this runs before any new registration).
 */
import { errorMessage, isNotFound } from '../../core/errors.js';
import type { RuntimeContext } from '../runtime.js';
import type { HttpModule } from '../http/router.js';
import type { LocalWorkloads } from '../dns/local-workloads.js';
import { createWorkloadsModule } from './http-module.js';
import { cloudMapOf, createMeshWorldSource } from './mesh-world.js';
import { CloudMapWorkloadRegistration } from './cloudmap-registration.js';
import { identityFromArnConfig } from '../registry/ids.js';
import { WorkloadRegistry } from './registry.js';

/** The registry, with Cloud Map registration for workloads of virtual nodes that use awsCloudMap. */
export function createWorkloadRegistry(ctx: RuntimeContext): WorkloadRegistry {
  const { store, manager, options } = ctx;
  const cloudMap = new CloudMapWorkloadRegistration(
    { store, clock: options.clock, identity: identityFromArnConfig(options.arn) },
    (node) => {
      if (node.kind !== 'virtualNode') return undefined;
      try {
        return cloudMapOf(manager.describe({ kind: 'VirtualNode', meshName: node.meshName, name: node.name }).spec);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
  );
  return new WorkloadRegistry(store, options.clock, [cloudMap]);
}

/** What DNS (and, through it, the endpoint source) reads: the running workloads a Service selector picks. */
export function localWorkloadsFor(ctx: RuntimeContext): LocalWorkloads {
  return new WorkloadRegistry(ctx.store, ctx.options.clock);
}

export function createLocalWorkloadsModule(ctx: RuntimeContext): HttpModule {
  const log = ctx.options.logs.get('workloads');
  const registry = createWorkloadRegistry(ctx);
  registry.purge().then(
    (n) => n > 0 && log.info(`dropped ${n} workload registration(s) left by a previous run`),
    (err: unknown) => log.error(`could not drop stale workload registrations: ${errorMessage(err)}`),
  );
  return createWorkloadsModule(registry, createMeshWorldSource(ctx.manager, ctx.store), log);
}
