/**
 * `meshwork demo [--once]`: plays the chapter end to end on this machine (src/local/demo/), then keeps
 * the mesh running until Ctrl-C or SIGTERM. With `--once` it stops right after the steps and exits 0
 * only when every step gave the chapter's result. Every child process is stopped on every way out.
 */
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { Demo } from '../local/demo/demo.js';
import { processIo, type CliIo } from './report.js';

const BIN = fileURLToPath(new URL('../bin/meshwork.js', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../../examples/webapp', import.meta.url));

/** Resolves with the first of SIGINT or SIGTERM; a second one kills everything at once. */
function stopSignal(demo: Demo): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let seen = false;
    const on = (signal: NodeJS.Signals) => {
      if (seen) demo.destroy();
      seen = true;
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

async function runDemo(once: boolean, io: CliIo): Promise<void> {
  const demo = new Demo({ bin: BIN, examples: EXAMPLES, out: io.out });
  const stopped = stopSignal(demo);
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
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
  }
  if (typeof first === 'string') process.exitCode = 130;
}

export function register(program: Command, io: CliIo = processIo): void {
  program
    .command('demo')
    .description('play the book chapter on this machine: control plane, workloads, manifests and every curl of the chapter')
    .option('--once', 'stop after the steps; exit 0 only if every step gave the chapter\'s result', false)
    .action((opts: { once: boolean }) => runDemo(opts.once, io));
}
