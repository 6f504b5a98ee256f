/** `meshwork apply -f FILE|DIR|-`: sends manifests to the control plane and prints one line per object, as kubectl does. */
import type { Command } from 'commander';
import type { ApplyResponse } from '../control-plane/meshwork-api/wire.js';
import { clientFor, withServer, type ServerOptions } from './options.js';
import { printWarnings, processIo, type CliIo } from './report.js';
import { documentsOrThrow, readSources, readStdinSync } from './sources.js';

export function printResults(io: CliIo, response: ApplyResponse): boolean {
  let ok = true;
  for (const r of response.results) {
    if (r.outcome === 'not-found') {
      io.err(`error: ${r.object}${r.namespace ? ` in namespace ${r.namespace}` : ''} not found\n`);
      ok = false;
    } else if (r.outcome === 'acknowledged') io.out(`${r.object} acknowledged: ${r.note ?? ''}\n`);
    else io.out(`${r.object} ${r.outcome}\n`);
  }
  printWarnings(io, response.warnings);
  return ok;
}

export function register(program: Command, io: CliIo = processIo): void {
  withServer(
    program
      .command('apply')
      .description('create or update resources from manifests (appmesh.k8s.aws/v1beta2, v1 Namespace and Service)')
      .requiredOption('-f, --filename <path...>', 'a file, a directory of .yaml/.yml files, or - for stdin'),
  ).action(async (opts: ServerOptions & { filename: string[] }) => {
    const documents = documentsOrThrow(readSources(opts.filename, readStdinSync), (w) => printWarnings(io, w));
    const response = await clientFor(opts).apply(documents);
    if (!printResults(io, response)) process.exitCode = 1;
  });
}
