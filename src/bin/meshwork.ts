#!/usr/bin/env node
import { createProgram, type CommandModule } from '../cli/program.js';
import * as run from '../cli/run.js';

const modules: CommandModule[] = [run];

const program = createProgram(modules);
program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
