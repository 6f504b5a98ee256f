/**
 * `meshwork up`: runs the control plane in the foreground until SIGINT or SIGTERM, then closes it
 * gracefully. Prints where each part listens (`http listening on 127.0.0.1:7700`), so scripts and
 * tests can start it on port 0 and read the ports back.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { arnConfigFromEnv, checkArnConfig } from '../api/arn.js';
import { systemClock } from '../core/clock.js';
import { BadRequestError, errorMessage } from '../core/errors.js';
import { LogRegistry, parseLogLevel } from '../core/log.js';
import type { HostPort } from '../control-plane/runtime.js';
import { parseUpstream } from '../control-plane/dns/upstream.js';
import { processIo, type CliIo } from './report.js';

/** `127.0.0.1:7700`, `[::1]:7700`, `:7700` (loopback). Port 0 picks a free port. */
export function parseHostPort(flag: string, value: string): HostPort {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new BadRequestError(`--${flag} ${value}: expected HOST:PORT such as 127.0.0.1:7700 (port 0-65535)`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

interface UpOptions {
  readonly http: string;
  readonly xds: string;
  readonly dns: string;
  readonly dnsUpstream?: string;
  readonly dataDir: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly logLevel?: string;
  readonly credentials?: string;
  readonly insecure?: boolean;
}

export function register(program: Command, io: CliIo = processIo): void {
  program
    .command('up')
    .description('run the control plane: App Mesh API, Cloud Map API and CLI endpoints on one HTTP port, xDS, DNS')
    .option('--http <host:port>', 'HTTP address (App Mesh API, Cloud Map API, meshwork CLI endpoints)', '127.0.0.1:7700')
    .option('--xds <host:port>', 'xDS (gRPC ADS) address', '127.0.0.1:7701')
    .option('--dns <host:port>', 'DNS address (UDP and TCP)', '127.0.0.1:7753')
    .option('--dns-upstream <host[:port]>', 'resolver for names outside the zones Meshwork serves (default: refuse them)')
    .option('--data-dir <dir>', 'where the control plane keeps its state', '.meshwork')
    .option('--region <region>', 'region in ARNs (default $MESHWORK_REGION or eu-central-1)')
    .option('--account-id <id>', '12-digit account in ARNs (default $MESHWORK_ACCOUNT_ID or 000000000000)')
    .option('--log-level <level>', 'trace|debug|info|warning|error|off', 'info')
    .option('--credentials <file>', 'AWS shared-credentials file whose key pairs may sign API requests (default $MESHWORK_CREDENTIALS; see docs/security.md)')
    .option('--insecure', 'serve the APIs on a non-loopback address without credentials (any client may change the mesh)', false)
    .action(async (opts: UpOptions) => {
      // Loaded here, not at the top, so the other verbs start without the store and the model.
      const [{ ControlPlaneRuntime }, { StoreResourceManager }, { register: registerStoreBackends }, { createServerAuthenticator }] = await Promise.all([
        import('../control-plane/runtime.js'),
        import('../control-plane/manager/store-manager.js'),
        import('../store/backends.js'),
        import('../control-plane/auth/server-auth.js'),
      ]);
      const fromEnv = arnConfigFromEnv(process.env);
      const arn = checkArnConfig({ ...fromEnv, region: opts.region ?? fromEnv.region, account: opts.accountId ?? fromEnv.account });
      registerStoreBackends();
      const dataDir = resolve(opts.dataDir);
      const logs = new LogRegistry(parseLogLevel(opts.logLevel));
      const http = parseHostPort('http', opts.http);
      const authenticator = createServerAuthenticator({
        host: http.host,
        ...(opts.credentials !== undefined ? { credentialsFile: opts.credentials } : {}),
        insecure: opts.insecure ?? false,
        log: logs.get('auth'),
      });
      const runtime = new ControlPlaneRuntime({
        http,
        xds: parseHostPort('xds', opts.xds),
        dns: parseHostPort('dns', opts.dns),
        dnsUpstream: opts.dnsUpstream === undefined ? undefined : parseUpstream(opts.dnsUpstream),
        dataDir,
        arn,
        logs,
        clock: systemClock,
        createManager: (store, arnConfig, clock) => new StoreResourceManager({ store, arn: arnConfig, clock }),
        authenticator,
      });
      await runtime.start();
      io.out(`meshwork control plane (data directory ${dataDir}, region ${arn.region}, account ${arn.account})\n`);
      io.out(`API requests: ${authenticator.verifiesSignatures ? 'SigV4 signatures required' : 'not authenticated (no credentials configured)'}\n`);
      for (const b of runtime.addresses()) io.out(`${b.name} listening on ${b.address}\n`);
      io.out('ready\n');
      await new Promise<void>((done) => {
        const stop = (signal: string) => {
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          io.out(`${signal}: shutting down\n`);
          runtime.close().then(done, (err: unknown) => {
            io.err(`error: closing the control plane: ${errorMessage(err)}\n`);
            runtime.destroy();
            done();
          });
        };
        const onInt = () => stop('SIGINT');
        const onTerm = () => stop('SIGTERM');
        process.on('SIGINT', onInt);
        process.on('SIGTERM', onTerm);
      });
    });
}
