/** /stats output formats: Envoy's text, JSON and Prometheus (with Envoy's default tag extraction). */
import type { Histogram } from './histogram.js';
import { histogramPrometheus, histogramsJson, histogramText, type HistogramsElement } from './render-histograms.js';
import type { Stat, StatsStore } from './store.js';

/** What a /stats request asked for: `filter=`, `usedonly` and `histogram_buckets=cumulative`. */
export interface RenderOptions {
  readonly filter?: RegExp | undefined;
  /** Only stats that have a value: counters and gauges not 0, histograms with a recorded value. */
  readonly usedOnly?: boolean;
  /** Text histograms as `B<bound>(interval,cumulative)` bucket counts instead of quantiles. */
  readonly buckets?: boolean;
}

function shown(o: RenderOptions, name: string): boolean {
  return !o.filter || o.filter.test(name);
}

function stats(store: StatsStore, o: RenderOptions): Stat[] {
  return store.sorted().filter((s) => shown(o, s.name) && (!o.usedOnly || s.value !== 0));
}

/** The histograms a request shows, sorted by name. */
export function shownHistograms(store: StatsStore, o: RenderOptions): Histogram[] {
  return store.histograms().filter((h) => shown(o, h.name) && (!o.usedOnly || h.used));
}

export function renderText(store: StatsStore, o: RenderOptions): string {
  let out = '';
  for (const t of store.texts()) if (shown(o, t.name)) out += `${t.name}: "${t.value}"\n`;
  for (const s of stats(store, o)) out += `${s.name}: ${s.value}\n`;
  for (const h of shownHistograms(store, o)) out += `${histogramText(h, o.buckets === true)}\n`;
  return out;
}

export function renderJson(store: StatsStore, o: RenderOptions): string {
  const out: Array<{ name: string; value: number | string } | HistogramsElement> = [];
  for (const t of store.texts()) if (shown(o, t.name)) out.push({ name: t.name, value: t.value });
  for (const s of stats(store, o)) out.push({ name: s.name, value: s.value });
  const hs = shownHistograms(store, o);
  if (hs.length > 0) out.push(histogramsJson(hs));
  return JSON.stringify({ stats: out }, null, 1);
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

type MetricKind = Stat['kind'] | 'histogram';

export function renderPrometheus(store: StatsStore, o: RenderOptions): string {
  const groups = new Map<string, { kind: MetricKind; lines: string[] }>();
  const group = (name: string, kind: MetricKind) => {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { kind, lines: [] }));
    return g;
  };
  const labelsOf = (tags: Array<[string, string]>) => tags.map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  const all = stats(store, o);
  for (const kind of ['counter', 'gauge'] as const) {
    for (const s of all) {
      if (s.kind !== kind) continue;
      const t = extractTags(s.name);
      const labels = labelsOf(t.tags);
      group(t.name, kind).lines.push(`${t.name}${labels.length === 0 ? '' : `{${labels.join(',')}}`} ${s.value}`);
    }
  }
  for (const h of shownHistograms(store, o)) {
    const t = extractTags(h.name);
    group(t.name, 'histogram').lines.push(...histogramPrometheus(t.name, labelsOf(t.tags), h));
  }
  let out = '';
  for (const kind of ['counter', 'gauge', 'histogram'] as const) {
    for (const [name, g] of groups) {
      if (g.kind !== kind) continue;
      out += `# TYPE ${name} ${kind}\n${g.lines.join('\n')}\n\n`;
    }
  }
  return out;
}
