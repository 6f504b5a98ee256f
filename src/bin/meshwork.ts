#!/usr/bin/env node
import { createProgram, type CommandModule } from '../cli/program.js';
import { errorLines } from '../cli/report.js';
import * as apply from '../cli/apply.js';
import * as del from '../cli/delete.js';
import * as demo from '../cli/demo.js';
import * as describe from '../cli/describe.js';
import * as get from '../cli/get.js';
import * as proxies from '../cli/proxies.js';
import * as proxy from '../cli/proxy.js';
import * as run from '../cli/run.js';
import * as up from '../cli/up.js';

const modules: CommandModule[] = [up, apply, get, describe, del, proxies, proxy, run, demo];

const program = createProgram(modules);
program.parseAsync(process.argv).catch((err: unknown) => {
  for (const line of errorLines(err)) process.stderr.write(`${line}\n`);
  process.exitCode = 1;
});
