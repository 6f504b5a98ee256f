/** `meshwork get <kind> [name] [-n ns | -A] [-o wide|yaml|json]`: kubectl-style listings. */
import type { Command } from 'commander';
import { BadRequestError } from '../core/errors.js';
import { resolveKindName } from '../api/k8s/kinds.js';
import { formatObjects, isOutputFormat, OUTPUT_FORMATS } from './output/format.js';
import { clientFor, namespaceOf, withScope, withServer, type ScopeOptions, type ServerOptions } from './options.js';
import { isProxiesNoun, runGetProxies } from './proxies.js';
import { processIo, type CliIo } from './report.js';

type GetOptions = ServerOptions & ScopeOptions & { output?: string };

export function register(program: Command, io: CliIo = processIo): void {
  withScope(withServer(
    program
      .command('get')
      .description('list resources of a kind, or show one by name')
      .argument('<kind>', 'virtualnode(s), virtualservice(s), virtualrouter(s), virtualgateway(s), gatewayroute(s), mesh(es), namespace(s)/ns, service(s)/svc, proxies')
      .argument('[name]', 'one object by name')
      .option('-o, --output <format>', `output format: ${OUTPUT_FORMATS.filter((f) => f !== 'table').join('|')}`),
  )).action(async (kindName: string, name: string | undefined, opts: GetOptions) => {
    if (isProxiesNoun(kindName)) return runGetProxies(opts, io);
    const format = opts.output ?? 'table';
    if (!isOutputFormat(format)) throw new BadRequestError(`unknown output format "${format}"; expected one of wide, yaml, json`);
    if (name !== undefined && opts.allNamespaces) throw new BadRequestError('a resource cannot be retrieved by name across all namespaces; use -n NAMESPACE');
    const client = clientFor(opts);
    const namespace = namespaceOf(opts);
    const namespaced = resolveKindName(kindName)?.namespaced ?? true;
    const list = name === undefined ? await client.list(kindName, namespace) : undefined;
    const items = list ? list.items : [await client.get(kindName, name!, opts.namespace ?? 'default')];
    const kind = list?.kind ?? items[0]?.kind ?? kindName;
    if (items.length === 0) {
      io.err(namespace === undefined || !namespaced ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
      return;
    }
    io.out(formatObjects(format, { kind, items, single: name !== undefined, allNamespaces: namespace === undefined, namespaced, now: Date.now() }));
  });
}
