#!/usr/bin/env node
import { createProgram, type CommandModule } from '../cli/program.js';
import * as proxy from '../cli/proxy.js';

const modules: CommandModule[] = [proxy];

const program = createProgram(modules);
program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
