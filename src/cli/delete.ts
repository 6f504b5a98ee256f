/**
 * `meshwork delete -f FILE|DIR|-` and `meshwork delete <kind> <name> -n ns`. Deleting something other
 * resources still refer to is refused by the control plane, naming them, and changes nothing.
 */
import type { Command } from 'commander';
import { BadRequestError } from '../core/errors.js';
import { printResults } from './apply.js';
import { clientFor, withServer, type ServerOptions } from './options.js';
import { printWarnings, processIo, type CliIo } from './report.js';
import { documentsOrThrow, readSources, readStdinSync } from './sources.js';

type DeleteOptions = ServerOptions & { filename?: string[]; namespace?: string };

export function register(program: Command, io: CliIo = processIo): void {
  withServer(
    program
      .command('delete')
      .description('delete the objects named in manifests, or one object by kind and name')
      .argument('[kind]', 'the kind (kubectl names)')
      .argument('[name]', 'the object name')
      .option('-f, --filename <path...>', 'a file, a directory of .yaml/.yml files, or - for stdin')
      .option('-n, --namespace <namespace>', 'the namespace (default "default")'),
  ).action(async (kind: string | undefined, name: string | undefined, opts: DeleteOptions) => {
    const client = clientFor(opts);
    let response;
    if (opts.filename) {
      if (kind !== undefined) throw new BadRequestError('give either -f or a kind and name, not both');
      const documents = documentsOrThrow(readSources(opts.filename, readStdinSync), (w) => printWarnings(io, w));
      response = await client.deleteDocuments(documents);
    } else {
      if (kind === undefined || name === undefined) throw new BadRequestError('give -f FILE, or a kind and a name (meshwork delete virtualnode green-v1 -n green)');
      response = await client.deleteByName(kind, name, opts.namespace ?? 'default');
    }
    if (!printResults(io, response)) process.exitCode = 1;
  });
}
