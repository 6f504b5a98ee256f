/**
 * `meshwork get proxies` and `meshwork config-dump <proxy>`: what the control plane's xDS server has
 * sent to each connected proxy, and whether the proxy accepted it.
 *
 * `register` adds `config-dump`; the `get` verb calls `runGetProxies` for the kind `proxies`.
 */
import type { Command } from 'commander';
import { UnavailableError, errorMessage } from '../core/errors.js';
import { API_PREFIX } from '../control-plane/meshwork-api/wire.js';
import type { ConfigDumpResponse, ProxiesResponse } from '../control-plane/xds/proxies-api.js';
import type { ProxySummary } from '../control-plane/xds/server/proxies.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:7700';

export interface ProxyCliOptions {
  readonly server?: string;
  readonly output?: string;
}

type Out = (text: string) => void;

function serverOf(flag: string | undefined): string {
  return (flag ?? process.env['MESHWORK_SERVER'] ?? DEFAULT_SERVER).replace(/\/+$/, '');
}

async function getJson<T>(server: string, path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${server}${API_PREFIX}${path}`);
  } catch (err) {
    throw new UnavailableError(`cannot reach the control plane at ${server}: ${errorMessage((err as { cause?: unknown }).cause ?? err)}`);
  }
  const body = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new UnavailableError(body.error?.message ?? `HTTP ${res.status} from ${server}`);
  return body;
}

const short = (v: string | undefined) => (v === undefined ? '-' : v.slice(0, 8));

function typeCell(p: ProxySummary, t: 'CDS' | 'EDS' | 'LDS' | 'RDS'): string {
  const s = p.types[t];
  if (!s) return '-';
  if (s.nack) return `NACK ${short(s.nack.version)}`;
  if (s.version_sent !== undefined && s.version_acked === s.version_sent) return `ACK ${short(s.version_acked)}`;
  return `SENT ${short(s.version_sent)}`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('').trimEnd()).join('\n') + '\n';
}

export function formatProxies(proxies: readonly ProxySummary[]): string {
  const rows = [['NODE', 'ID', 'ADDRESS', 'MODE', 'STATUS', 'CDS', 'EDS', 'LDS', 'RDS', 'LAST PUSH']];
  for (const p of proxies) {
    rows.push([p.node, p.id, p.address, p.interception, p.status, typeCell(p, 'CDS'), typeCell(p, 'EDS'), typeCell(p, 'LDS'), typeCell(p, 'RDS'), p.last_push ?? '-']);
  }
  const problems = proxies.flatMap((p) => [
    ...(p.problem !== undefined ? [`${p.node} (${p.id}): ${p.problem}`] : []),
    ...Object.entries(p.types).flatMap(([t, s]) => (s?.nack ? [`${p.node} (${p.id}) rejected ${t} ${s.nack.version}: ${s.nack.error}`] : [])),
  ]);
  return table(rows) + (problems.length > 0 ? '\n' + problems.join('\n') + '\n' : '');
}

export async function runGetProxies(opts: ProxyCliOptions, out: Out = (t) => process.stdout.write(t)): Promise<void> {
  const { proxies } = await getJson<ProxiesResponse>(serverOf(opts.server), '/proxies');
  if (opts.output === 'json') out(JSON.stringify({ proxies }, null, 2) + '\n');
  else if (proxies.length === 0) out('No proxies connected\n');
  else out(formatProxies(proxies));
}

export async function runConfigDump(proxy: string, opts: ProxyCliOptions, out: Out = (t) => process.stdout.write(t)): Promise<void> {
  const path = proxy.split('/').map(encodeURIComponent).join('/');
  const { config_dumps } = await getJson<ConfigDumpResponse>(serverOf(opts.server), `/proxies/${path}/config_dump`);
  out(JSON.stringify(config_dumps.length === 1 ? config_dumps[0] : config_dumps, null, 2) + '\n');
}

export function register(program: Command): void {
  program
    .command('config-dump')
    .description('the xDS resources the control plane last sent to a proxy, as JSON')
    .argument('<proxy>', 'node id (mesh/<mesh>/virtualNode/<name>), its ARN, or a connection id from "meshwork get proxies"')
    .option('--server <url>', 'control plane URL (default $MESHWORK_SERVER or http://127.0.0.1:7700)')
    .action((proxy: string, opts: ProxyCliOptions) => runConfigDump(proxy, opts));
}
