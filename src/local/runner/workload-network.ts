/**
 * Where a workload's app and sidecar live and how traffic reaches the sidecar: plain local mode (the
 * leased loopback address, HTTP_PROXY) or a WorkloadNetwork such as transparent mode's namespace.
 */
import type { PlacementTarget } from '../../api/local-workload.js';
import type { InterceptionMode } from '../../xds-api/node-identity.js';
import type { ChildSpec } from './child-process.js';

/** Where a workload's sidecar and app live, as a WorkloadNetwork sets it up. */
export interface WorkloadPlacementOnNetwork {
  /** The workload's address ("pod IP"): it is registered with it and the sidecar's admin binds here. */
  readonly address: string;
  /** Where the sidecar reaches the app. */
  readonly appHost: string;
  /** Where the app should listen (`HOST`). */
  readonly appListenHost: string;
  /** True when the app keeps its listener ports (it has a network namespace of its own). */
  readonly appKeepsListenerPorts: boolean;
  /** False when something other than HTTP_PROXY sends the app's traffic to the sidecar. */
  readonly useHttpProxy: boolean;
  /** How traffic reaches the sidecar (its xDS node metadata picks the listener layout). */
  readonly interception: InterceptionMode;
  /** The sidecar's `--address`: listeners xDS puts on 0.0.0.0 bind here. */
  readonly proxyAddress: string;
  /** Where the sidecar reaches xDS, when not at the runner's own `xds`. */
  readonly xds?: string;
}

/**
 * How the workload's traffic reaches its sidecar, for modes other than plain local mode (which needs
 * nothing). `setUp` runs once before the children start, `tearDown` once after they have exited.
 */
export interface WorkloadNetwork {
  setUp(instance: string, leasedAddress: string, target: PlacementTarget): Promise<WorkloadPlacementOnNetwork>;
  /** Changes to a child's spec (transparent mode runs both children inside the network namespace). */
  adapt(spec: ChildSpec): ChildSpec;
  /** Waits until the app accepts connections on `port` (where the runner cannot reach it directly). */
  waitForApp?(port: number, deadline: number, signal: AbortSignal): Promise<void>;
  tearDown(): Promise<void>;
}

/** Plain local mode: sidecar, app and registration all on the leased loopback address; HTTP_PROXY. */
export function localPlacement(address: string): WorkloadPlacementOnNetwork {
  return { address, appHost: address, appListenHost: address, appKeepsListenerPorts: false, useHttpProxy: true, interception: 'local', proxyAddress: address };
}
