/**
 * `/meshwork/v1/workloads`: how `meshwork run` places, registers and lists local workloads.
 *
 * - `POST /meshwork/v1/workloads/placement` `{namespace, labels}` → the virtual node or gateway whose
 *   podSelector picks them (`PlacementTarget`), or 404/409 with a message listing the candidates.
 * - `POST /meshwork/v1/workloads` (a registration) → `200`, `application/x-ndjson`, first line
 *   `{"workload": {...}}`; the response then stays open, and the workload stays registered, until the
 *   client disconnects or the control plane stops (then the stream ends and the runner registers again).
 * - `DELETE /meshwork/v1/workloads/:namespace/:name` → `{"workload": {...}}`, deregisters now.
 * - `GET /meshwork/v1/workloads[?namespace=NS]` → `{"items": [...]}`.
 * Errors: the Meshwork endpoints' `{"error": {"code": "ERR_…", "message": "…"}}` with 400/404/409/500.
 */
import { PassThrough } from 'node:stream';
import { BadRequestError, ConflictError, NotFoundError, errorMessage } from '../../core/errors.js';
import { mapError } from '../meshwork-api/error-mapper.js';
import type { Logger } from '../../core/log.js';
import type { HttpModule, HttpRequest } from '../http/router.js';
import { describePlacementFailure, placeWorkload, type PlacementWorldSource } from './placement.js';
import type { WorkloadRegistry } from './registry.js';
import { parseRegistration, workloadKey } from '../../api/local-workload.js';
import { z } from 'zod';

export const WORKLOADS_PREFIX = '/meshwork/v1/workloads';

const placementRequest = z.strictObject({
  namespace: z.string().min(1),
  labels: z.record(z.string(), z.string()).default({}),
});

function readJson(req: HttpRequest): unknown {
  try {
    return JSON.parse(req.body.toString('utf8') || 'null');
  } catch (err) {
    throw new BadRequestError(`request body is not valid JSON: ${errorMessage(err)}`, { cause: err });
  }
}

export function createWorkloadsModule(registry: WorkloadRegistry, worldSource: PlacementWorldSource, log: Logger): HttpModule {
  return {
    name: 'workloads',
    onError: mapError,
    routes: [
      {
        method: 'GET',
        pattern: WORKLOADS_PREFIX,
        handler: (req) => ({ status: 200, body: { items: registry.list(req.query.get('namespace') ?? undefined) } }),
      },
      {
        method: 'POST',
        pattern: `${WORKLOADS_PREFIX}/placement`,
        handler: (req) => {
          const parsed = placementRequest.safeParse(readJson(req));
          if (!parsed.success) throw new BadRequestError(`invalid placement request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
          const result = placeWorkload(parsed.data, worldSource.world());
          switch (result.outcome) {
            case 'placed':
              return { status: 200, body: result.target };
            case 'ambiguous':
              throw new ConflictError(describePlacementFailure(parsed.data, result));
            case 'no-mesh':
            case 'no-match':
              throw new NotFoundError(describePlacementFailure(parsed.data, result));
            default: {
              const never: never = result;
              return never;
            }
          }
        },
      },
      {
        method: 'POST',
        pattern: WORKLOADS_PREFIX,
        handler: async (req) => {
          const workload = await registry.register(parseRegistration(readJson(req)));
          const key = workloadKey(workload.namespace, workload.name);
          log.info(`workload registered: namespace=${workload.namespace} name=${workload.name} address=${workload.address} pid=${workload.pid}`);
          const stream = new PassThrough();
          stream.on('close', () => {
            registry.deregister(workload).then(
              (removed) => removed && log.info(`workload deregistered (registration closed): ${key}`),
              (err: unknown) => log.error(`could not deregister workload ${key}: ${errorMessage(err)}`),
            );
          });
          stream.write(JSON.stringify({ workload }) + '\n');
          return { status: 200, headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' }, body: stream };
        },
      },
      {
        method: 'DELETE',
        pattern: `${WORKLOADS_PREFIX}/:namespace/:name`,
        handler: async (req) => {
          const { namespace = '', name = '' } = req.params;
          const workload = registry.get(namespace, name);
          if (!workload || !(await registry.deregister(workload))) throw new NotFoundError(`workload not found: namespace=${namespace} name=${name}`);
          log.info(`workload deregistered: ${workloadKey(namespace, name)}`);
          return { status: 200, body: { workload } };
        },
      },
    ],
  };
}
