/**
 * The environment a local workload's app runs with, as a pod's would be: where to listen (`PORT`,
 * `HOST`, `PORT_<listener>` per listener), how to reach the mesh (`HTTP_PROXY`/`http_proxy` = its
 * sidecar's egress listener), and who it is (`POD_NAME`, `POD_NAMESPACE`, `POD_IP`). Pure.
 */

export const EGRESS_PORT = 15001;

export interface AppEnvInput {
  readonly base: NodeJS.ProcessEnv;
  readonly name: string;
  readonly namespace: string;
  /** The workload's address (`POD_IP`). */
  readonly address: string;
  /** Where the app should listen (`HOST`): the address, or 0.0.0.0 in a namespace of its own. */
  readonly listenHost: string;
  /** Listener port → app port, in listener order; the first one is `PORT`. */
  readonly appPorts: ReadonlyMap<number, number>;
  /** Hosts that must not go through the sidecar (the control plane). */
  readonly noProxy: readonly string[];
  /** False in transparent mode, where iptables does the redirecting. */
  readonly setProxy: boolean;
}

export function appEnv(input: AppEnvInput): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...input.base,
    HOST: input.listenHost,
    POD_NAME: input.name,
    POD_NAMESPACE: input.namespace,
    POD_IP: input.address,
  };
  const first = input.appPorts.values().next();
  if (!first.done) env['PORT'] = String(first.value);
  for (const [listener, app] of input.appPorts) env[`PORT_${listener}`] = String(app);
  if (input.setProxy) {
    const proxy = `http://${input.address}:${EGRESS_PORT}`;
    const noProxy = [...new Set(['localhost', '127.0.0.1', '::1', input.address, ...input.noProxy])].join(',');
    Object.assign(env, { HTTP_PROXY: proxy, http_proxy: proxy, NO_PROXY: noProxy, no_proxy: noProxy });
  }
  return env;
}
