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
 * Errors: `{"code": "ERR_…", "message": "…"}` with 400/404/409/500.
 */
import { PassThrough } from 'node:stream';
import { BadRequestError, MeshError, NotFoundError, errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { HttpModule, HttpRequest, HttpResponse } from '../http/router.js';
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

const STATUS: Record<MeshError['code'], number> = {
  ERR_VALIDATION: 400,
  ERR_BAD_REQUEST: 400,
  ERR_NOT_FOUND: 404,
  ERR_ALREADY_EXISTS: 409,
  ERR_CONFLICT: 409,
  ERR_IN_USE: 409,
  ERR_LIMIT: 429,
  ERR_FORBIDDEN: 403,
  ERR_UNAVAILABLE: 503,
  ERR_TIMEOUT: 504,
  ERR_INTERNAL: 500,
};

function mapError(err: unknown): HttpResponse {
  if (err instanceof MeshError) return { status: STATUS[err.code], body: { code: err.code, message: err.message } };
  return { status: 500, body: { code: 'ERR_INTERNAL', message: errorMessage(err) } };
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
              return { status: 409, body: { code: 'ERR_CONFLICT', message: describePlacementFailure(parsed.data, result) } };
            case 'no-mesh':
            case 'no-match':
              return { status: 404, body: { code: 'ERR_NOT_FOUND', message: describePlacementFailure(parsed.data, result) } };
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
