/** Options several verbs share: `--server`, `-n/--namespace`, `-A/--all-namespaces`. */
import type { Command } from 'commander';
import { MeshworkClient, serverUrl } from './client.js';

export interface ServerOptions {
  readonly server?: string;
}

export interface ScopeOptions {
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
}

export function withServer(cmd: Command): Command {
  return cmd.option('--server <url>', 'the control plane to talk to (default $MESHWORK_SERVER or http://127.0.0.1:7700)');
}

export function withScope(cmd: Command): Command {
  return cmd
    .option('-n, --namespace <namespace>', 'the namespace (default "default")')
    .option('-A, --all-namespaces', 'list across all namespaces');
}

export function clientFor(opts: ServerOptions): MeshworkClient {
  return new MeshworkClient(serverUrl(opts.server));
}

/** `undefined` = all namespaces. */
export function namespaceOf(opts: ScopeOptions): string | undefined {
  return opts.allNamespaces ? undefined : (opts.namespace ?? 'default');
}
