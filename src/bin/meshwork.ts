#!/usr/bin/env node
/**
 * The `meshwork` executable. Each verb's module is imported only when that verb runs, so a sidecar
 * (`meshwork proxy`) does not load the control plane, SQLite, YAML or zod; help, `--version` and unknown
 * verbs load every module.
 */
import { createProgram, type CommandModule } from '../cli/program.js';
import { errorLines } from '../cli/report.js';

type Load = () => Promise<CommandModule>;

/** Verb (as typed on the command line) → its module. Keep in the order help lists them. */
const VERBS: ReadonlyArray<readonly [string, Load]> = [
  ['up', () => import('../cli/up.js')],
  ['apply', () => import('../cli/apply.js')],
  ['get', () => import('../cli/get.js')],
  ['describe', () => import('../cli/describe.js')],
  ['delete', () => import('../cli/delete.js')],
  ['config-dump', () => import('../cli/proxies.js')],
  ['proxy', () => import('../cli/proxy.js')],
  ['run', () => import('../cli/run.js')],
  ['demo', () => import('../cli/demo.js')],
];

/** The modules this command line needs: its verb's alone, or all of them. */
function modulesFor(argv: readonly string[]): Promise<CommandModule[]> {
  const verb = argv.slice(2).find((a) => !a.startsWith('-'));
  const known = VERBS.find(([name]) => name === verb);
  return Promise.all((known ? [known] : VERBS).map(([, load]) => load()));
}

modulesFor(process.argv)
  .then((modules) => createProgram(modules).parseAsync(process.argv))
  .catch((err: unknown) => {
    for (const line of errorLines(err)) process.stderr.write(`${line}\n`);
    process.exitCode = 1;
  });
