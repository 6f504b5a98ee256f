/**
 * The Cloud Map API (servicediscovery 2017-03-14, AWS JSON 1.1) as an HTTP module of the control plane:
 * `POST /` with `X-Amz-Target: Route53AutoNaming_v20170314.<Operation>`. The Host header is ignored, so
 * calls that SDKs send to `data-<host>` (DiscoverInstances) are served like any other.
 */
import { randomUUID } from 'node:crypto';
import { BadRequestError } from '../../core/errors.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { HttpModule, HttpRequest, HttpResponse } from '../http/router.js';
import type { RegistryContext } from './context.js';
import { AMZ_JSON_11, mapCloudMapError } from './error-mapper.js';
import { UnknownOperationError } from './errors.js';
import { registerInstanceHandlers } from './instance-handlers.js';
import { registerNamespaceHandlers } from './namespace-handlers.js';
import { registerOperationHandlers } from './operation-handlers.js';
import { OperationTable } from './operation-table.js';
import { registerServiceHandlers } from './service-handlers.js';
import { registerTagHandlers } from './tag-handlers.js';

export const CLOUDMAP_TARGET_PREFIX = 'Route53AutoNaming_v20170314.';
/** The SigV4 signing name of Cloud Map requests. */
export const CLOUDMAP_SIGNING_NAME = 'servicediscovery';

export interface CloudMapApiOptions {
  readonly registry: RegistryContext;
  /** SigV4 checks with signing name `servicediscovery`; absent = requests are not checked. */
  readonly authenticator?: Authenticator | undefined;
}

/** Every operation this API serves, registered group by group. */
export function createOperationTable(): OperationTable {
  const table = new OperationTable();
  registerNamespaceHandlers(table);
  registerServiceHandlers(table);
  registerInstanceHandlers(table);
  registerOperationHandlers(table);
  registerTagHandlers(table);
  return table;
}

function target(req: Pick<HttpRequest, 'headers'>): string | undefined {
  const value = req.headers['x-amz-target'];
  return typeof value === 'string' && value.startsWith(CLOUDMAP_TARGET_PREFIX) ? value.slice(CLOUDMAP_TARGET_PREFIX.length) : undefined;
}

function parseBody(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`request body is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

export function createCloudMapModule(options: CloudMapApiOptions): HttpModule {
  const table = createOperationTable();
  const handler = async (req: HttpRequest): Promise<HttpResponse> => {
    const name = target(req) ?? '';
    const run = table.get(name);
    if (!run) throw new UnknownOperationError(`unknown Cloud Map operation ${JSON.stringify(name)}`);
    const result = await run(options.registry, parseBody(req.body));
    return { status: 200, headers: { 'content-type': AMZ_JSON_11, 'x-amzn-requestid': randomUUID() }, body: result };
  };
  const authenticator = options.authenticator;
  return {
    name: 'cloudmap',
    routes: [{ method: 'POST', pattern: '/', when: (req) => target(req) !== undefined, handler }],
    ...(authenticator && { before: (req: HttpRequest) => void authenticator.authenticate(req, CLOUDMAP_SIGNING_NAME) }),
    onError: (err) => mapCloudMapError(err),
  };
}
