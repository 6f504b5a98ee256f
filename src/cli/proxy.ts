/**
 * `meshwork proxy`: run the data-plane proxy for one virtual node or virtual gateway, configured over
 * ADS. SIGTERM/SIGINT and POST /quitquitquit drain (stop accepting, finish in-flight requests within
 * --drain-timeout) and exit 0.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { LogRegistry, parseLogLevel, isLogLevel } from '../core/log.js';
import { Proxy } from '../proxy/proxy.js';
import { nodeMetadataToStruct, parseProxyIdentity, type InterceptionMode } from '../xds-api/node-identity.js';

function hostPort(value: string, what: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value);
  const port = Number(m?.[3]);
  if (!m || port > 65535) throw new InvalidArgumentError(`${what}: expected HOST:PORT, got '${value}'`);
  return { host: m[1] ?? m[2] ?? '127.0.0.1', port };
}

function appPort(value: string, previous: Map<number, number>): Map<number, number> {
  const m = /^(\d{1,5})=(\d{1,5})$/.exec(value);
  if (!m || Number(m[1]) > 65535 || Number(m[2]) > 65535) throw new InvalidArgumentError(`expected LISTENER_PORT=APP_PORT, got '${value}'`);
  return new Map([...previous, [Number(m[1]), Number(m[2])]]);
}

interface ProxyFlags {
  node?: string;
  address: string;
  admin?: string;
  xds: string;
  logLevel?: string;
  interception: InterceptionMode;
  appPort: Map<number, number>;
  appHost: string;
  drainTimeout: string;
}

export async function runProxy(flags: ProxyFlags): Promise<void> {
  const nodeValue = flags.node ?? process.env['APPMESH_RESOURCE_ARN'];
  if (!nodeValue) throw new InvalidArgumentError('--node (or APPMESH_RESOURCE_ARN) is required: mesh/<mesh>/virtualNode/<name> or mesh/<mesh>/virtualGateway/<name>');
  const identity = parseProxyIdentity(nodeValue);
  if ('error' in identity) throw new InvalidArgumentError(`--node: ${identity.error}`);
  const levelText = flags.logLevel ?? process.env['ENVOY_LOG_LEVEL'] ?? 'info';
  const normalized = levelText.toLowerCase() === 'warn' ? 'warning' : levelText.toLowerCase();
  if (!isLogLevel(normalized)) throw new InvalidArgumentError(`log level: expected one of trace, debug, info, warning, error, critical, off; got '${levelText}'`);
  const adminPort = process.env['ENVOY_ADMIN_ACCESS_PORT'];
  const admin = hostPort(flags.admin ?? `${flags.address}:${adminPort ?? '9901'}`, '--admin');
  hostPort(flags.xds, '--xds');
  const drainTimeoutMs = Number(flags.drainTimeout);
  if (!Number.isFinite(drainTimeoutMs) || drainTimeoutMs < 0) throw new InvalidArgumentError(`--drain-timeout: expected milliseconds, got '${flags.drainTimeout}'`);
  const logs = new LogRegistry(parseLogLevel(normalized));
  const proxy = new Proxy({
    node: {
      id: identity.path,
      cluster: identity.path,
      user_agent_name: 'meshwork',
      metadata: nodeMetadataToStruct({ interception: flags.interception, appPorts: flags.appPort, appHost: flags.appHost, address: flags.address }),
    },
    xdsAddress: flags.xds,
    address: flags.address,
    admin,
    logs,
    drainTimeoutMs,
    onQuit: () => process.exit(0),
  });
  const main = logs.get('main');
  const shutdown = (signal: string) => {
    main.info(`caught ${signal}; draining`);
    void proxy.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await proxy.start();
  main.info(`proxy for ${identity.path} started; xDS server ${flags.xds}`);
}

export function register(program: Command): void {
  program
    .command('proxy')
    .description('run the Envoy-compatible sidecar / gateway proxy for a virtual node or virtual gateway, configured over xDS')
    .option('--node <path>', 'mesh/<mesh>/virtualNode/<name> or mesh/<mesh>/virtualGateway/<name>, or its ARN (default: $APPMESH_RESOURCE_ARN)')
    .option('--address <ip>', "the proxy's own address; listeners xDS puts on 0.0.0.0 bind here", '127.0.0.1')
    .option('--admin <host:port>', 'admin API address (default: <address>:$ENVOY_ADMIN_ACCESS_PORT or 9901)')
    .option('--xds <host:port>', 'the control plane xDS (ADS) address', '127.0.0.1:7701')
    .option('--log-level <level>', 'trace|debug|info|warning|error|critical|off (default: $ENVOY_LOG_LEVEL or info)')
    .addOption(new Option('--interception <mode>', 'how traffic reaches the proxy').choices(['local', 'transparent']).default('transparent'))
    .option('--app-port <listener=app>', 'the app port behind a listener port (repeatable)', appPort, new Map<number, number>())
    .option('--app-host <ip>', "the app's address", '127.0.0.1')
    .option('--drain-timeout <ms>', 'how long draining waits for in-flight requests', '5000')
    .action((flags: ProxyFlags) => runProxy(flags));
}
