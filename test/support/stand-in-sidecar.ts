/**
 * StandInSidecar: a stand-in for `meshwork proxy`, for runner tests that must not depend on the data
 * plane. It takes the same flags, answers `GET /ready` on `--admin` with 200 LIVE, and forwards each
 * `--app-port LISTENER=APP` as plain TCP from `<address>:LISTENER` to `<app-host>:APP`, and answers every
 * request on the egress port `<address>:15001` itself with `{"via":"stand-in egress","host":<Host>}`
 * (so tests can see what reached the egress listener). It speaks no xDS.
 *
 * Run as a script: `node stand-in-sidecar.js proxy --node … --address … --admin … --app-port 8081=4000 …`.
 */
import { createServer as createHttpServer } from 'node:http';
import { TcpForwarder } from '../../src/local/tcp-forwarder.js';
import { fileURLToPath } from 'node:url';
import type { SidecarCommand } from '../../src/local/runner/sidecar.js';
import { proxyArgs } from '../../src/local/runner/sidecar.js';
import { proxyCommandLine } from '../../src/cli/proxy-runtime.js';

export const STAND_IN_SIDECAR_SCRIPT = fileURLToPath(import.meta.url);

export const standInSidecar: SidecarCommand = {
  command: process.execPath,
  args: (plan) => proxyCommandLine(proxyArgs(plan), { script: STAND_IN_SIDECAR_SCRIPT }).args,
};

function flag(args: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) if (args[i] === name && args[i + 1] !== undefined) out.push(args[++i]!);
  return out;
}

function main(args: string[]): void {
  const address = flag(args, '--address')[0] ?? '127.0.0.1';
  const admin = flag(args, '--admin')[0] ?? `${address}:9901`;
  const appHost = flag(args, '--app-host')[0] ?? '127.0.0.1';
  const [adminHost, adminPort] = [admin.slice(0, admin.lastIndexOf(':')), Number(admin.slice(admin.lastIndexOf(':') + 1))];
  for (const mapping of flag(args, '--app-port')) {
    const [listener, app] = mapping.split('=').map(Number);
    void new TcpForwarder('inbound', { host: address, port: listener! }, { host: appHost, port: app! }).start();
  }
  createHttpServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ via: 'stand-in egress', host: req.headers.host }));
  }).listen(15001, address);
  createHttpServer((req, res) => {
    res.writeHead(req.url === '/ready' ? 200 : 404).end(req.url === '/ready' ? 'LIVE\n' : '');
  }).listen(adminPort, adminHost, () => process.stdout.write(`stand-in sidecar for ${flag(args, '--node')[0]} ready\n`));
  process.on('SIGTERM', () => process.exit(0));
}

if (process.argv[1] === STAND_IN_SIDECAR_SCRIPT) main(process.argv.slice(3));
