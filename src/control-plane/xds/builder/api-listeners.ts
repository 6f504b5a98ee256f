/**
 * Proxyless gRPC: API listeners named `<virtual service>:<port>` (and `<virtual service>` for its
 * first port), the names grpc-js-xds asks for when a client dials `xds:///<service>:<port>`. Each
 * points at the egress route configuration that holds the service's virtual host, so gRPC clients are
 * balanced by the same VirtualRouter weights as sidecars. Served only when asked for by name.
 */
import { HTTP_CONNECTION_MANAGER_TYPE_URL } from '../../../xds-api/index.js';
import { ads, routerFilter } from './envoy.js';
import { backendPorts } from './egress.js';
import type { Json, ResourceGenerator } from './model.js';
import { apiListenerName, EGRESS_PORT, routeConfigName } from './names.js';

function apiListener(name: string, routeConfig: string): Json {
  return {
    name,
    api_listener: {
      api_listener: {
        '@type': HTTP_CONNECTION_MANAGER_TYPE_URL,
        stat_prefix: 'egress',
        rds: { config_source: ads(), route_config_name: routeConfig },
        http_filters: [routerFilter()],
      },
    },
  };
}

export const apiListenerGenerator: ResourceGenerator = {
  name: 'api-listeners',
  generate(ctx, out) {
    if (ctx.proxy.kind !== 'virtualNode') return;
    const seen = new Set<string>();
    for (const sp of backendPorts(ctx)) {
      if (sp.protocol === 'tcp') continue;
      const rds =
        ctx.proxy.interception === 'local' ? routeConfigName('egress', 'http', EGRESS_PORT) : routeConfigName('egress', sp.protocol, sp.port);
      if (!out.routes.has(rds)) continue;
      const withPort = apiListenerName(sp.service, sp.port);
      out.apiListeners.set(withPort, apiListener(withPort, rds));
      if (!seen.has(sp.service)) out.apiListeners.set(sp.service, apiListener(sp.service, rds));
      seen.add(sp.service);
    }
  },
};
