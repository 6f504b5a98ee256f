/**
 * `meshwork demo [--once]`: plays the chapter end to end on this machine (src/local/demo/), then keeps
 * the mesh running until Ctrl-C or SIGTERM. With `--once` it stops right after the steps and exits 0
 * only when every step gave the chapter's result. Every child process is stopped on every way out.
 */
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ValidationError } from '../core/errors.js';
import { Demo } from '../local/demo/demo.js';
import { processIo, type CliIo } from './report.js';

const BIN = fileURLToPath(new URL('../bin/meshwork.js', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../../examples/webapp', import.meta.url));

/** `received` resolves with the first SIGINT or SIGTERM; a second one kills everything at once. */
function stopSignal(demo: Demo): { received: Promise<NodeJS.Signals>; dispose(): void } {
  let seen = false;
  let resolve: (signal: NodeJS.Signals) => void = () => undefined;
  const received = new Promise<NodeJS.Signals>((r) => (resolve = r));
  const on = (signal: NodeJS.Signals) => {
    if (seen) demo.destroy();
    seen = true;
    resolve(signal);
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return {
    received,
    dispose: () => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
}

interface DemoFlags {
  readonly once: boolean;
  readonly httpPort?: string;
  readonly xdsPort?: string;
  readonly dnsPort?: string;
  readonly gatewayPort?: string;
}

function port(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ValidationError([{ field: flag, message: `expected a port 0-65535, got ${JSON.stringify(text)}` }]);
  return n;
}

async function runDemo(flags: DemoFlags, io: CliIo): Promise<void> {
  const ports = { http: port('--http-port', flags.httpPort), xds: port('--xds-port', flags.xdsPort), dns: port('--dns-port', flags.dnsPort), gateway: port('--gateway-port', flags.gatewayPort) };
  const once = flags.once;
  const demo = new Demo({ bin: BIN, examples: EXAMPLES, out: io.out, ports: Object.fromEntries(Object.entries(ports).filter(([, v]) => v !== undefined)) });
  const signals = stopSignal(demo);
  const stopped = signals.received;
  const played = demo.play().then(
    (ok) => ({ ok }),
    (err: unknown) => ({ ok: false, err }),
  );
  const first = await Promise.race([played, stopped]);
  try {
    if (typeof first === 'string') {
      io.out(`${first}: stopping\n`);
    } else {
      if ('err' in first) throw first.err;
      if (!once) {
        io.out(demo.pokeAround());
        io.out(`${await stopped}: stopping\n`);
      }
      process.exitCode = first.ok ? 0 : 1;
    }
  } finally {
    await demo.close();
    signals.dispose();
  }
  if (typeof first === 'string') process.exitCode = 130;
}

export function register(program: Command, io: CliIo = processIo): void {
  program
    .command('demo')
    .description('play the book chapter on this machine: control plane, workloads, manifests and every curl of the chapter')
    .option('--once', 'stop after the steps; exit 0 only if every step gave the chapter\'s result', false)
    .option('--http-port <port>', 'control plane HTTP port on 127.0.0.1; 0 picks one (default 7700 when free)')
    .option('--xds-port <port>', 'xDS port (default 7701 when free)')
    .option('--dns-port <port>', 'DNS port (default 7753 when free)')
    .option('--gateway-port <port>', 'where the virtual gateway is published (default 8080 when free)')
    .action((opts: DemoFlags) => runDemo(opts, io));
}
