/**
 * Meshwork's HTTP endpoints for connected proxies (used by `meshwork get proxies` and
 * `meshwork config-dump`):
 * - `GET /meshwork/v1/proxies` → `{ proxies: ProxySummary[] }`
 * - `GET /meshwork/v1/proxies/<connection id>/config_dump`
 * - `GET /meshwork/v1/proxies/mesh/<mesh>/<virtualNode|virtualGateway>/<name>/config_dump` (the node id;
 *   the ARN form works too) → `{ config_dumps: [...] }`, one per connection of that node.
 * Errors use the `/meshwork/v1/` error body.
 */
import { NotFoundError } from '../../core/errors.js';
import type { HttpModule, HttpRequest } from '../http/router.js';
import { mapError } from '../meshwork-api/error-mapper.js';
import { API_PREFIX } from '../meshwork-api/wire.js';
import { configDump, summarize, type ProxyConnection, type ProxyRegistry, type ProxySummary } from './server/proxies.js';

export interface ProxiesResponse {
  readonly proxies: readonly ProxySummary[];
}

export interface ConfigDumpResponse {
  readonly config_dumps: readonly unknown[];
}

function dumpOf(found: readonly ProxyConnection[], asked: string): ConfigDumpResponse {
  if (found.length === 0) throw new NotFoundError(`no connected proxy ${asked} (see meshwork get proxies)`);
  return { config_dumps: found.map(configDump) };
}

export function createProxiesApiModule(registry: ProxyRegistry): HttpModule {
  const byNode = (req: HttpRequest) => {
    const { head, mesh, kind, name } = req.params;
    const node = `${head}/${mesh}/${kind}/${name}`;
    return { status: 200, body: dumpOf(registry.find(node), node) };
  };
  return {
    name: 'meshwork-proxies',
    onError: (err) => mapError(err),
    routes: [
      { method: 'GET', pattern: `${API_PREFIX}/proxies`, handler: () => ({ status: 200, body: { proxies: registry.list().map(summarize) } satisfies ProxiesResponse }) },
      {
        method: 'GET',
        pattern: `${API_PREFIX}/proxies/:id/config_dump`,
        handler: (req) => ({ status: 200, body: dumpOf(registry.find(req.params['id'] ?? ''), req.params['id'] ?? '') }),
      },
      {
        method: 'GET',
        pattern: `${API_PREFIX}/proxies/:head/:mesh/:kind/:name/config_dump`,
        when: (req) => req.params['head'] === 'mesh' || (req.params['head'] ?? '').endsWith(':mesh'),
        handler: byNode,
      },
    ],
  };
}
