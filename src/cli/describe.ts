/** `meshwork describe <kind> <name> -n ns`: the object's spec and status, and what refers to it. */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { DescribeResponse } from '../control-plane/meshwork-api/wire.js';
import { clientFor, withServer, type ServerOptions } from './options.js';
import { processIo, type CliIo } from './report.js';

const indent = (text: string, by: number) => text.trimEnd().split('\n').map((l) => ' '.repeat(by) + l).join('\n');

function labelsBlock(title: string, labels: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return `${title.padEnd(14)}<none>`;
  return entries.map(([k, v], i) => `${(i === 0 ? title : '').padEnd(14)}${k}=${v}`).join('\n');
}

export function formatDescription(d: DescribeResponse): string {
  const o = d.object;
  const lines = [
    `${'Name:'.padEnd(14)}${o.metadata.name}`,
    ...(o.metadata.namespace !== undefined ? [`${'Namespace:'.padEnd(14)}${o.metadata.namespace}`] : []),
    labelsBlock('Labels:', o.metadata.labels),
    labelsBlock('Annotations:', o.metadata.annotations),
    `${'API Version:'.padEnd(14)}${o.apiVersion}`,
    `${'Kind:'.padEnd(14)}${o.kind}`,
    'Metadata:',
    ...(o.metadata.creationTimestamp ? [`  Creation Timestamp:  ${o.metadata.creationTimestamp}`] : []),
    ...(o.metadata.generation !== undefined ? [`  Generation:          ${o.metadata.generation}`] : []),
    ...(o.metadata.uid ? [`  UID:                 ${o.metadata.uid}`] : []),
  ];
  if (o.spec) lines.push('Spec:', indent(stringify(o.spec, { lineWidth: 0 }), 2));
  if (o.status) lines.push('Status:', indent(stringify(o.status, { lineWidth: 0 }), 2));
  if (d.children.length > 0) {
    lines.push(`${d.children[0]!.kind === 'Route' ? 'Routes' : 'Gateway Routes'}:`);
    for (const c of d.children) lines.push(`  ${c.awsName}  version ${c.version}  ${c.arn}`);
  }
  lines.push('Referenced By:');
  if (d.dependents.length === 0) lines.push('  <none>');
  for (const dep of d.dependents) {
    const who = dep.namespace !== undefined ? `${dep.namespace}/${dep.name}` : dep.name;
    lines.push(`  ${dep.kind} ${who}${dep.awsName !== dep.name ? ` (${dep.awsName})` : ''}`);
  }
  lines.push(`${'Events:'.padEnd(14)}<none>`);
  return lines.join('\n') + '\n';
}

export function register(program: Command, io: CliIo = processIo): void {
  withServer(
    program
      .command('describe')
      .description('show one object in detail, with what refers to it')
      .argument('<kind>', 'the kind (kubectl names: virtualnode, vs plural, lower case)')
      .argument('<name>', 'the object name')
      .option('-n, --namespace <namespace>', 'the namespace (default "default")'),
  ).action(async (kind: string, name: string, opts: ServerOptions & { namespace?: string }) => {
    io.out(formatDescription(await clientFor(opts).describe(kind, name, opts.namespace ?? 'default')));
  });
}
