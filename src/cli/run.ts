/**
 * `meshwork run [--namespace NS] [--labels k=v,...] [--name N] -- CMD ...`: runs CMD as a local
 * workload with its sidecar (see docs/local-mode.md). Without CMD, runs a virtual gateway's proxy.
 */
import type { Command } from 'commander';
import { ValidationError } from '../core/errors.js';
import { serverUrl } from './client.js';
import { withServer } from './options.js';
import { WorkloadsClient } from '../local/workloads-client.js';
import { WorkloadRunner, type PublishSpec } from '../local/runner/workload-runner.js';
import type { WorkloadNetwork } from '../local/runner/workload-network.js';
import { parseHostPort } from '../local/tcp-forwarder.js';
import { meshworkProxySidecar } from '../local/runner/sidecar.js';
import { TransparentNetwork } from '../local/transparent/network.js';
import { proxyinitKnobs } from '../local/transparent/proxyinit-rules.js';

interface RunFlags {
  readonly namespace: string;
  readonly labels?: string;
  readonly name?: string;
  readonly address?: string;
  readonly server?: string;
  readonly xds: string;
  readonly dns: string;
  readonly adminPort: string;
  readonly readyTimeout: string;
  readonly transparent?: boolean;
  readonly publish: string[];
}

/** `HOST:PORT[=LISTENER]` → what to forward where. */
export function parsePublish(text: string): PublishSpec {
  const [listen = '', listener] = text.split('=');
  const hp = parseHostPort(listen);
  const port = listener === undefined ? undefined : Number(listener);
  if (!hp || (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))) {
    throw new ValidationError([{ field: '--publish', message: `expected HOST:PORT or HOST:PORT=LISTENER_PORT, got ${JSON.stringify(text)}` }]);
  }
  return port === undefined ? { listen: hp } : { listen: hp, port };
}

/** `k=v,k2=v2` → record; every malformed item is reported. */
export function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (text === undefined || text.trim() === '') return labels;
  const violations = [];
  for (const item of text.split(',')) {
    const eq = item.indexOf('=');
    const key = item.slice(0, eq).trim();
    if (eq <= 0 || key === '') violations.push({ field: '--labels', message: `expected key=value, got ${JSON.stringify(item)}` });
    else labels[key] = item.slice(eq + 1).trim();
  }
  if (violations.length > 0) throw new ValidationError(violations);
  return labels;
}

function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new ValidationError([{ field: flag, message: `expected a positive integer, got ${JSON.stringify(text)}` }]);
  return n;
}

async function run(command: string[], flags: RunFlags): Promise<void> {
  const network: WorkloadNetwork | undefined = flags.transparent
    ? TransparentNetwork.create({ dns: flags.dns, xds: flags.xds, knobs: proxyinitKnobs(process.env) })
    : undefined;
  const runner = new WorkloadRunner({
    client: new WorkloadsClient(serverUrl(flags.server)),
    xds: flags.xds,
    namespace: flags.namespace,
    labels: parseLabels(flags.labels),
    ...(flags.name !== undefined && { name: flags.name }),
    ...(flags.address !== undefined && { address: flags.address }),
    command,
    sidecar: meshworkProxySidecar,
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    adminPort: positiveInt('--admin-port', flags.adminPort),
    readyTimeoutMs: positiveInt('--ready-timeout', flags.readyTimeout) * 1000,
    ...(network !== undefined && { network }),
    publish: flags.publish.map(parsePublish),
  });
  let signals = 0;
  const onSignal = (): void => {
    // The first signal stops gracefully; a second one does not wait.
    if (++signals === 1) void runner.close();
    else runner.destroy();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await runner.start();
  } catch (err) {
    await runner.done;
    throw err;
  }
  process.exitCode = await runner.done;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

export function register(program: Command): void {
  const cmd = program
    .command('run')
    .description('run a command as a local workload with its sidecar proxy (a pod on this machine)')
    .argument('[command...]', 'the app and its arguments, after --; none for a virtual gateway')
    .option('-n, --namespace <ns>', 'the workload\'s namespace', 'default')
    .option('-l, --labels <k=v,...>', 'the workload\'s labels, matched against podSelector')
    .option('--name <name>', 'instance name (default <virtual node name>-<n>)')
    .option('--address <ip>', 'the workload\'s address in 127.0.0.0/8 (default: the next free one)')
    .option('--xds <host:port>', 'xDS server for the sidecar', process.env['MESHWORK_XDS'] ?? '127.0.0.1:7701')
    .option('--dns <host:port>', 'Meshwork DNS server, for transparent mode', process.env['MESHWORK_DNS'] ?? '127.0.0.1:7753')
    .option('--admin-port <port>', 'sidecar admin port on the workload address', '9901')
    .option('--ready-timeout <seconds>', 'how long app and sidecar may take to become ready', '30')
    .option('--publish <host:port[=listener]>', 'also forward this address to a listener (e.g. a gateway\'s 8088); repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--transparent', 'Linux: run app and sidecar in a network namespace with App Mesh proxyinit\'s iptables redirects (needs root; APPMESH_* variables apply)')
    .action((command: string[], flags: RunFlags) => run(command, flags));
  withServer(cmd);
}
