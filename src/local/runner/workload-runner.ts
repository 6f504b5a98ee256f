/**
 * WorkloadRunner: one local workload, a pod on this machine. It asks the control plane which virtual
 * node (or gateway) the workload's namespace and labels land in, leases an address and an instance
 * name, starts the sidecar and the app with prefixed logs, waits until both are ready, and only then
 * registers the instance, holding the registration open while it runs (and renewing it when the
 * control plane restarts).
 *
 * App and sidecar live and die together: when either exits, the workload is deregistered first (so it
 * stops getting traffic at once), the other is stopped, and `done` resolves with a non-zero status.
 * `close()` does the same on SIGINT/SIGTERM and resolves `done` with 0.
 */
import { createServer } from 'node:net';
import type { Writable } from 'node:stream';
import type { Component } from '../../core/lifecycle.js';
import { errorMessage } from '../../core/errors.js';
import type { PlacementTarget, Workload, WorkloadRegistration } from '../../api/local-workload.js';
import { allocateAddress, allocateName, type AddressLease, type NameLease } from '../addresses.js';
import type { Registration, WorkloadsClient } from '../workloads-client.js';
import { appEnv } from './app-env.js';
import { describeExit, exitStatus, ManagedChild, type ChildExit, type ChildSpec } from './child-process.js';
import { logPrefix } from './log-prefix.js';
import { waitForHttpOk, waitForTcp } from './readiness.js';
import { TcpForwarder, type HostPort } from '../tcp-forwarder.js';
import type { SidecarCommand, SidecarPlan } from './sidecar.js';
import { localPlacement, type WorkloadNetwork, type WorkloadPlacementOnNetwork } from './workload-network.js';

export interface WorkloadRunnerOptions {
  readonly client: WorkloadsClient;
  /** xDS server address for the sidecar, `host:port`. */
  readonly xds: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly name?: string;
  readonly address?: string;
  /** The app's command line; empty for a gateway (sidecar only). */
  readonly command: readonly string[];
  readonly sidecar: SidecarCommand;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly adminPort?: number;
  readonly readyTimeoutMs?: number;
  readonly stopGraceMs?: number;
  /** Adjusts the children for transparent mode (network namespace, proxy identity); see transparent/. */
  readonly network?: WorkloadNetwork;
  /** Extra addresses to forward to the workload's listeners (a gateway's stand-in for a load balancer). */
  readonly publish?: readonly PublishSpec[];
}

/** Forward `listen` to the workload's listener `port` (default: its first listener). */
export interface PublishSpec {
  readonly listen: HostPort;
  readonly port?: number;
}

type Phase = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

export class WorkloadRunner implements Component {
  readonly name = 'workload-runner';
  /** The exit status once the workload has stopped. */
  readonly done: Promise<number>;
  readonly #opts: WorkloadRunnerOptions;
  #resolveDone!: (status: number) => void;
  #phase: Phase = 'idle';
  #instance = 'meshwork';
  #address: AddressLease | undefined;
  #nameLease: NameLease | undefined;
  #app: ManagedChild | undefined;
  #sidecar: ManagedChild | undefined;
  #registration: Registration | undefined;
  #registrationBody: WorkloadRegistration | undefined;
  #workload: Workload | undefined;
  #published: TcpForwarder[] = [];
  /** A child that exited while the workload was starting, handled once start has finished. */
  #earlyExit: { child: ManagedChild; exit: ChildExit } | undefined;

  constructor(opts: WorkloadRunnerOptions) {
    this.#opts = opts;
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  /** The instance as registered (after start). */
  get workload(): Workload | undefined {
    return this.#workload;
  }

  async start(): Promise<void> {
    if (this.#phase !== 'idle') throw new Error('workload runner already started');
    this.#phase = 'starting';
    try {
      await this.#start();
    } catch (err) {
      // The caller reports the error; only clean up here.
      await this.#shutdown(1);
      throw err;
    }
  }

  async #start(): Promise<void> {
    const o = this.#opts;
    const target = await o.client.place(o.namespace, o.labels);
    if (o.command.length === 0 && target.node.kind === 'virtualNode') {
      throw new Error(`workload lands in VirtualNode ${target.k8sName} (${target.node.name}), which needs an app: meshwork run ... -- COMMAND`);
    }
    if (o.command.length > 0 && target.node.kind === 'virtualGateway') {
      throw new Error(`workload lands in VirtualGateway ${target.k8sName} (${target.node.name}); a gateway runs only its proxy, so give no command`);
    }
    this.#address = await allocateAddress(o.address);
    this.#nameLease = await allocateName(o.namespace, target.k8sName, o.name);
    this.#instance = this.#nameLease.name;
    const net: WorkloadPlacementOnNetwork = o.network
      ? await o.network.setUp(this.#instance, this.#address.address, target)
      : localPlacement(this.#address.address);
    const { address, appHost } = net;
    const appPorts = new Map<number, number>();
    if (o.command.length > 0) {
      for (const l of target.listeners) appPorts.set(l.port, net.appKeepsListenerPorts ? l.port : await freePort(appHost));
    }
    this.#note(`${target.node.kind} ${target.node.name} in mesh ${target.node.meshName}, address ${address}`);

    const adminPort = o.adminPort ?? 9901;
    const plan: SidecarPlan = {
      node: target.node,
      address: net.proxyAddress,
      admin: `${address}:${adminPort}`,
      xds: net.xds ?? o.xds,
      interception: net.interception,
      appPorts,
      appHost,
    };
    // Either child dying while we wait for readiness cancels the wait.
    const aborted = new AbortController();
    const deadline = Date.now() + (o.readyTimeoutMs ?? 30_000);
    const watch = (child: ManagedChild): ManagedChild => {
      void child.exited.then((exit) => {
        aborted.abort(new Error(`the ${child.role === 'app' ? 'app' : 'sidecar'} ${describeExit(exit)} before the workload was ready`));
        this.#onChildExit(child, exit);
      });
      return child;
    };

    // The sidecar first, as App Mesh's --wait-until-proxy-ready does: the app's first calls find it ready.
    this.#sidecar = watch(this.#spawn({ role: 'envoy', command: o.sidecar.command, args: o.sidecar.args(plan), env: o.env }));
    await waitForHttpOk('the sidecar', `http://${address}:${adminPort}/ready`, deadline, aborted.signal);
    if (o.command.length > 0) {
      const env = appEnv({
        base: o.env,
        name: this.#instance,
        namespace: o.namespace,
        address,
        listenHost: net.appListenHost,
        appPorts,
        noProxy: [new URL(o.client.server).hostname],
        setProxy: net.useHttpProxy,
      });
      this.#app = watch(this.#spawn({ role: 'app', command: o.command[0]!, args: o.command.slice(1), env }));
    }
    // Like a pod's readiness probe: listeners with a healthCheck need the app to accept connections.
    const checked = target.listeners.filter((l) => l.healthChecked).map((l) => appPorts.get(l.port));
    const waitForApp = (p: number): Promise<void> =>
      o.network?.waitForApp ? o.network.waitForApp(p, deadline, aborted.signal) : waitForTcp('the app', appHost, p, deadline, aborted.signal);
    await Promise.all(checked.map((p) => (p === undefined ? undefined : waitForApp(p))));

    this.#registrationBody = {
      namespace: o.namespace,
      name: this.#instance,
      labels: o.labels,
      address,
      ports: target.listeners.map((l) => {
        const appPort = appPorts.get(l.port);
        return appPort === undefined ? { port: l.port, protocol: l.protocol } : { port: l.port, protocol: l.protocol, appPort };
      }),
      health: 'HEALTHY',
      pid: process.pid,
      node: target.node,
    };
    await this.#register();
    await this.#publish(address, target);
    this.#phase = 'running';
    this.#note(`ready and registered as ${o.namespace}/${this.#instance}`);
    if (this.#earlyExit) this.#onChildExit(this.#earlyExit.child, this.#earlyExit.exit);
  }

  async #publish(address: string, target: PlacementTarget): Promise<void> {
    for (const p of this.#opts.publish ?? []) {
      const port = p.port ?? target.listeners[0]?.port;
      if (port === undefined) throw new Error(`cannot publish ${p.listen.host}:${p.listen.port}: ${target.node.name} has no listener`);
      const forwarder = new TcpForwarder('publish', p.listen, { host: address, port });
      await forwarder.start();
      this.#published.push(forwarder);
      this.#note(`published on ${p.listen.host}:${p.listen.port} → ${address}:${port}`);
    }
  }

  #spawn(spec: Omit<ChildSpec, 'prefix' | 'stdout' | 'stderr'>): ManagedChild {
    const full: ChildSpec = { ...spec, prefix: logPrefix(this.#instance, spec.role), stdout: this.#opts.stdout, stderr: this.#opts.stderr };
    return new ManagedChild(this.#opts.network ? this.#opts.network.adapt(full) : full);
  }

  #onChildExit(child: ManagedChild, exit: ChildExit): void {
    if (this.#phase === 'stopping' || this.#phase === 'stopped') return;
    // During start, a pending readiness wait reports it; otherwise it is handled when start finishes.
    if (this.#phase === 'starting') {
      this.#earlyExit ??= { child, exit };
      return;
    }
    // An app that finishes cleanly ends the workload with 0; anything else is a failure.
    const status = child.role === 'app' ? exitStatus(exit) : Math.max(1, exitStatus(exit));
    const other = child.role === 'app' ? 'sidecar' : 'app';
    void this.#shutdown(status, `${child.role === 'app' ? 'the app' : 'the sidecar'} ${describeExit(exit)}; stopping the ${other}`);
  }

  async #register(): Promise<void> {
    const registration = await this.#opts.client.register(this.#registrationBody!);
    this.#registration = registration;
    this.#workload = registration.workload;
    void registration.lost.then(() => this.#onRegistrationLost(registration));
  }

  /** The control plane ended the registration (it stopped or restarted): register again until it takes. */
  async #onRegistrationLost(lost: Registration): Promise<void> {
    if (this.#registration !== lost || this.#phase !== 'running') return;
    this.#note('lost the registration with the control plane; registering again');
    for (let delay = 100; this.#phase === 'running'; delay = Math.min(delay * 2, 2000)) {
      try {
        await this.#register();
        this.#note('registered again');
        return;
      } catch (err) {
        if (delay >= 2000) this.#note(`still cannot register: ${errorMessage(err)}`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  async #shutdown(status: number, why?: string): Promise<void> {
    if (this.#phase === 'stopping' || this.#phase === 'stopped') return;
    this.#phase = 'stopping';
    if (why !== undefined) this.#note(why);
    const grace = this.#opts.stopGraceMs ?? 5000;
    // Stop publishing and deregister first, so no new traffic is sent to an instance that is going away.
    for (const f of this.#published.splice(0)) f.destroy();
    if (this.#workload) await this.#opts.client.deregister(this.#workload.namespace, this.#workload.name).catch(() => undefined);
    this.#registration?.close();
    await Promise.all([this.#app?.stop(grace), this.#sidecar?.stop(grace)]);
    await this.#opts.network?.tearDown().catch((err: unknown) => this.#note(`network clean-up failed: ${errorMessage(err)}`));
    await Promise.all([this.#address?.release(), this.#nameLease?.release()]);
    this.#phase = 'stopped';
    this.#resolveDone(status);
  }

  async close(): Promise<void> {
    if (this.#phase === 'idle') {
      this.#phase = 'stopped';
      this.#resolveDone(0);
    }
    await this.#shutdown(0, 'stopping');
    await this.done;
  }

  destroy(): void {
    for (const f of this.#published.splice(0)) f.destroy();
    this.#registration?.close();
    this.#app?.kill();
    this.#sidecar?.kill();
    void this.#shutdown(1, 'destroyed');
  }

  #note(message: string): void {
    this.#opts.stderr.write(`[${this.#instance} run] ${message}\n`);
  }
}

/** A free TCP port on `host` (the workload's own leased address, so no other workload races for it). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
