/**
 * `meshwork get proxies` and `meshwork config-dump <proxy>`: what the control plane's xDS server has
 * sent to each connected proxy, and whether the proxy accepted it.
 *
 * `register` adds `config-dump`; the `get` verb hands the kind `proxies` to `runGetProxies`.
 */
import type { Command } from 'commander';
import type { ProxySummary } from '../control-plane/xds/server/proxies.js';
import { clientFor, withServer, type ServerOptions } from './options.js';
import { processIo, type CliIo } from './report.js';

export type ProxyCliOptions = ServerOptions & { readonly output?: string };

/** The nouns `meshwork get` hands to `runGetProxies`. */
export function isProxiesNoun(kind: string): boolean {
  return kind === 'proxies' || kind === 'proxy';
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

export async function runGetProxies(opts: ProxyCliOptions, io: CliIo = processIo): Promise<void> {
  const { proxies } = await clientFor(opts).proxies();
  if (opts.output === 'json') io.out(JSON.stringify({ proxies }, null, 2) + '\n');
  else if (proxies.length === 0) io.err('No proxies connected\n');
  else io.out(formatProxies(proxies));
}

export async function runConfigDump(proxy: string, opts: ProxyCliOptions, io: CliIo = processIo): Promise<void> {
  const { config_dumps } = await clientFor(opts).configDump(proxy);
  io.out(JSON.stringify(config_dumps.length === 1 ? config_dumps[0] : config_dumps, null, 2) + '\n');
}

export function register(program: Command, io: CliIo = processIo): void {
  withServer(
    program
      .command('config-dump')
      .description('the xDS resources the control plane last sent to a proxy, as JSON')
      .argument('<proxy>', 'node id (mesh/<mesh>/virtualNode/<name>), its ARN, or a connection id from "meshwork get proxies"'),
  ).action((proxy: string, opts: ProxyCliOptions) => runConfigDump(proxy, opts, io));
}
