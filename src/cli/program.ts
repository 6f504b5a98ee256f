/**
 * The `meshwork` command line. Each verb lives in its own module and adds itself here through
 * `register(program)`; this file only lists them.
 */
import { Command } from 'commander';

export type CommandModule = { register(program: Command): void };

export function createProgram(modules: readonly CommandModule[]): Command {
  const program = new Command('meshwork')
    .description('A self-hosted service mesh that speaks AWS App Mesh')
    .version('0.1.0')
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });
  for (const m of modules) m.register(program);
  return program;
}
