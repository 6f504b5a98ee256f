/** /stats output formats: Envoy's text, JSON and Prometheus (with Envoy's default tag extraction). */
import type { Stat, StatsStore } from './store.js';

export function renderText(store: StatsStore, filter: RegExp | undefined): string {
  let out = '';
  for (const t of store.texts()) if (!filter || filter.test(t.name)) out += `${t.name}: "${t.value}"\n`;
  for (const s of store.sorted()) if (!filter || filter.test(s.name)) out += `${s.name}: ${s.value}\n`;
  return out;
}

export function renderJson(store: StatsStore, filter: RegExp | undefined): string {
  const stats: Array<{ name: string; value: number | string }> = [];
  for (const t of store.texts()) if (!filter || filter.test(t.name)) stats.push({ name: t.name, value: t.value });
  for (const s of store.sorted()) if (!filter || filter.test(s.name)) stats.push({ name: s.name, value: s.value });
  return JSON.stringify({ stats }, null, 1);
}

interface Tagged {
  readonly name: string;
  readonly tags: Array<[string, string]>;
}

/** Envoy's default tag extractors for the names the proxy emits: [pattern, prefix kept, tag]. */
const EXTRACTORS: Array<[RegExp, string, string]> = [
  [/^cluster\.(.+?)\.((?:upstream_|health_check\.|outlier_detection\.|membership_|circuit_breakers\.|update_|retry\.|lb_|max_host_weight|version).*)$/, 'cluster.', 'envoy_cluster_name'],
  [/^http\.(.+?)\.((?:downstream_|no_route|no_cluster|rq_|rds\.).*)$/, 'http.', 'envoy_http_conn_manager_prefix'],
  [/^listener\.((?:[0-9.]+|\[[0-9a-f:]+\])_\d+)\.(.*)$/, 'listener.', 'envoy_listener_address'],
  [/^tcp\.(.+?)\.(.*)$/, 'tcp.', 'envoy_tcp_prefix'],
];

export function extractTags(name: string): Tagged {
  let rest = name;
  const tags: Array<[string, string]> = [];
  for (const [re, prefix, tag] of EXTRACTORS) {
    const m = re.exec(rest);
    if (!m) continue;
    tags.push([tag, m[1]!]);
    rest = prefix + m[2]!;
  }
  const code = /_rq_(\d{3})$/.exec(rest);
  if (code) {
    tags.push(['envoy_response_code', code[1]!]);
    rest = rest.slice(0, code.index) + '_rq';
  } else {
    const cls = /_rq_(\d)xx$/.exec(rest);
    if (cls) {
      tags.push(['envoy_response_code_class', cls[1]!]);
      rest = rest.slice(0, cls.index) + '_rq_xx';
    }
  }
  return { name: 'envoy_' + rest.replace(/[^a-zA-Z0-9_]/g, '_'), tags };
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function renderPrometheus(store: StatsStore, filter: RegExp | undefined): string {
  const groups = new Map<string, { kind: Stat['kind']; lines: string[] }>();
  const all = store.sorted().filter((s) => !filter || filter.test(s.name));
  for (const kind of ['counter', 'gauge'] as const) {
    for (const s of all) {
      if (s.kind !== kind) continue;
      const t = extractTags(s.name);
      let g = groups.get(t.name);
      if (!g) groups.set(t.name, (g = { kind, lines: [] }));
      const labels = t.tags.length === 0 ? '' : `{${t.tags.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
      g.lines.push(`${t.name}${labels} ${s.value}`);
    }
  }
  let out = '';
  for (const kind of ['counter', 'gauge'] as const) {
    for (const [name, g] of groups) {
      if (g.kind !== kind) continue;
      out += `# TYPE ${name} ${kind}\n${g.lines.join('\n')}\n\n`;
    }
  }
  return out;
}
