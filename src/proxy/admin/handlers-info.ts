/** Read-only admin endpoints: /, /help, /ready, /server_info, /listeners, /clusters, /config_dump. */
import type { Proxy } from '../proxy.js';
import { JSON_TYPE, type AdminHandler, type AdminResponse } from './admin-server.js';
import { clustersJson, clustersText } from './clusters-view.js';
import { configDump } from './config-dump.js';

const VERSION = 'meshwork/0.1.0/Clean/RELEASE/BoringSSL';

function seconds(ms: number): string {
  return `${Math.floor(ms / 1000)}s`;
}

function serverInfo(proxy: Proxy): AdminResponse {
  const uptime = seconds(Date.now() - proxy.startedAt);
  const node = proxy.options.node;
  return {
    contentType: JSON_TYPE,
    body: JSON.stringify(
      {
        version: VERSION,
        state: proxy.state,
        hot_restart_version: 'disabled',
        command_line_options: { base_id: '0', concurrency: 1, log_level: proxy.logs.levels()[0]?.[1] ?? 'info', service_cluster: node.cluster, service_node: node.id, drain_time: '5s', mode: 'Serve' },
        uptime_current_epoch: uptime,
        uptime_all_epochs: uptime,
        node: { id: node.id, cluster: node.cluster, user_agent_name: node.user_agent_name },
      },
      null,
      1,
    ),
  };
}

function listeners(params: URLSearchParams, proxy: Proxy): AdminResponse {
  const ls = proxy.listeners.all();
  if (params.get('format') === 'json') {
    const listener_statuses = ls.map((l) => ({ name: l.config.name, local_address: { socket_address: { address: l.bindAddress, port_value: l.config.port } }, additional_local_addresses: [] }));
    return { contentType: JSON_TYPE, body: JSON.stringify({ listener_statuses }, null, 1) };
  }
  return { body: ls.map((l) => `${l.config.name}::${l.bindAddress}:${l.config.port}\n`).join('') };
}

export function infoHandlers(help: () => string): AdminHandler[] {
  return [
    { path: '/', help: 'Admin home page', post: false, handle: () => ({ contentType: 'text/html; charset=UTF-8', body: `<html><body><h1>Meshwork proxy admin</h1><pre>${help()}</pre></body></html>` }) },
    { path: '/help', help: 'print out list of admin commands', post: false, handle: () => ({ body: help() }) },
    { path: '/ready', help: 'print server state, return 200 if LIVE, otherwise return 503', post: false, handle: (_p, proxy) => ({ status: proxy.state === 'LIVE' ? 200 : 503, body: `${proxy.state}\n` }) },
    { path: '/server_info', help: 'print server version/status information', post: false, handle: (_p, proxy) => serverInfo(proxy) },
    { path: '/listeners', help: 'print listener info (format=json)', post: false, handle: listeners },
    {
      path: '/clusters',
      help: 'upstream cluster status (format=json, filter=<regex>)',
      post: false,
      handle: (p, proxy) => (p.get('format') === 'json' ? { contentType: JSON_TYPE, body: clustersJson(proxy) } : { body: clustersText(proxy, p.get('filter')) }),
    },
    { path: '/config_dump', help: 'dump current Envoy configs (include_eds, resource=)', post: false, handle: async (p, proxy) => ({ contentType: JSON_TYPE, body: await configDump(proxy, p) }) },
  ];
}
