/**
 * The App Mesh REST API (2019-01-25) as an HttpModule on the control plane's HTTP port: the 35 resource
 * operations of the seven kinds plus the three tag operations, SigV4 authentication (service `appmesh`)
 * before every request, AWS-shaped errors, and precise answers for paths and methods the API lacks.
 */
import { HttpRouter, type HttpModule, type HttpRequest, type HttpResponse, type RouteDef } from '../http/router.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { ResourceManager } from '../manager/manager.js';
import type { Logger } from '../../core/log.js';
import { API_PREFIX, KIND_APIS } from './kind-api.js';
import { kindRoutes } from './kind-routes.js';
import { tagRoutes } from './tags.js';
import { createErrorMapper, errorResponse } from './error-mapper.js';

/** The SigV4 signing name of App Mesh. */
export const APPMESH_SIGNING_NAME = 'appmesh';

export interface AppMeshApiOptions {
  readonly manager: ResourceManager;
  readonly authenticator: Authenticator;
  readonly log: Logger;
}

const METHODS = ['GET', 'PUT', 'DELETE', 'POST', 'PATCH', 'HEAD'] as const;

export function createAppMeshApiModule(opts: AppMeshApiOptions): HttpModule {
  const routes: RouteDef[] = [...KIND_APIS.flatMap((api) => kindRoutes(api, opts.manager)), ...tagRoutes(opts.manager)];
  const onError = createErrorMapper(opts.log);
  // A private table over the same routes, to tell an unknown path from a known path with the wrong method.
  const table = new HttpRouter();
  table.register({ name: 'appmesh-lookup', routes, onError });

  const unmatched = (req: HttpRequest): HttpResponse => {
    const allowed = METHODS.filter((method) => table.match({ ...req, method }).match !== undefined);
    if (allowed.length > 0) {
      return errorResponse('MethodNotAllowedException', 405, `${req.method} is not an App Mesh operation on ${req.path}; allowed: ${allowed.join(', ')}`, {
        allow: allowed.join(', '),
      });
    }
    return errorResponse('UnknownOperationException', 404, `no App Mesh 2019-01-25 operation at ${req.method} ${req.path}`);
  };

  return {
    name: 'appmesh-api',
    routes,
    before: (req) => {
      opts.authenticator.authenticate(req, APPMESH_SIGNING_NAME);
    },
    onError,
    fallback: { prefix: API_PREFIX, handler: unmatched },
  };
}
