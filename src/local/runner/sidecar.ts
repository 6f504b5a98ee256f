/**
 * The sidecar command line: `meshwork proxy` for the workload's virtual node (or gateway), in local
 * interception (or transparent), on the workload's address, with the app's real ports as node metadata.
 */
import { fileURLToPath } from 'node:url';
import type { WorkloadNode } from '../../api/local-workload.js';

export interface SidecarPlan {
  readonly node: WorkloadNode;
  /** The proxy's `--address`: listeners xDS puts on 0.0.0.0 bind here. */
  readonly address: string;
  /** The admin API, `host:port` (on the workload's address). */
  readonly admin: string;
  /** xDS server address, `host:port`. */
  readonly xds: string;
  readonly interception: 'local' | 'transparent';
  /** Listener port → the app's port. */
  readonly appPorts: ReadonlyMap<number, number>;
  readonly appHost: string;
}

/** The resource path the proxy identifies as (`mesh/webapp/virtualNode/green-v1_green`). */
export function nodeId(node: WorkloadNode): string {
  return `mesh/${node.meshName}/${node.kind}/${node.name}`;
}

/** `meshwork proxy` arguments for a plan. */
export function proxyArgs(plan: SidecarPlan): string[] {
  const args = [
    'proxy',
    '--node', nodeId(plan.node),
    '--address', plan.address,
    '--admin', plan.admin,
    '--xds', plan.xds,
    '--interception', plan.interception,
  ];
  for (const [listener, app] of plan.appPorts) args.push('--app-port', `${listener}=${app}`);
  if (plan.appPorts.size > 0) args.push('--app-host', plan.appHost);
  return args;
}

/** The command that runs a sidecar: this package's own CLI under the current Node.js. */
export interface SidecarCommand {
  readonly command: string;
  readonly args: (plan: SidecarPlan) => readonly string[];
}

export const MESHWORK_BIN = fileURLToPath(new URL('../../bin/meshwork.js', import.meta.url));

export const meshworkProxySidecar: SidecarCommand = {
  command: process.execPath,
  args: (plan) => [MESHWORK_BIN, ...proxyArgs(plan)],
};
