#!/usr/bin/env node
import { createProgram, type CommandModule } from '../cli/program.js';
import * as proxy from '../cli/proxy.js';
import * as proxies from '../cli/proxies.js';

const modules: CommandModule[] = [proxy, proxies];

const program = createProgram(modules);
program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
