/**
 * The sidecar command line: `meshwork proxy` for the workload's virtual node (or gateway), in local
 * interception (or transparent), on the workload's address, with the app's real ports as node metadata.
 */
import type { WorkloadNode } from '../../api/local-workload.js';
import { proxyCommandLine } from '../../cli/proxy-runtime.js';

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

/** `meshwork proxy` flags for a plan (what follows `proxy`). */
export function proxyArgs(plan: SidecarPlan): string[] {
  const args = [
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

/** The command that runs a sidecar: `command` with the argv `args(plan)`. */
export interface SidecarCommand {
  readonly command: string;
  readonly args: (plan: SidecarPlan) => readonly string[];
}

/** This package's own `meshwork proxy` under the current Node.js, with PROXY_NODE_FLAGS. */
export const meshworkProxySidecar: SidecarCommand = {
  command: process.execPath,
  args: (plan) => proxyCommandLine(proxyArgs(plan)).args,
};
