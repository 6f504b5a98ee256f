/**
 * The demo's running pieces: a control plane (`meshwork up` child on the given ports), workloads
 * (`meshwork run` children) and manifests applied with `meshwork apply`. Every child is stopped by
 * `close` (gracefully) or `destroy` (SIGKILL); the data directory is removed either way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoChildren, type DemoChild } from './children.js';

const READY_MS = 30_000;

export interface WorldOptions {
  /** The meshwork entry point (run with this Node.js). */
  readonly bin: string;
  /** examples/webapp */
  readonly examples: string;
  /** host:port for the HTTP API, xDS and DNS (port 0 picks one). */
  readonly http: string;
  readonly xds: string;
  readonly dns: string;
}

export interface Workload {
  readonly process: DemoChild;
  readonly name: string;
  readonly address: string;
}

export class DemoWorld {
  readonly name = 'demo';
  readonly #opts: WorldOptions;
  readonly #children: DemoChildren;
  readonly #dataDir = mkdtempSync(join(tmpdir(), 'meshwork-demo-'));
  #up: DemoChild | undefined;
  #api = '';
  #xds = '';
  #dns = '';

  constructor(opts: WorldOptions) {
    this.#opts = opts;
    this.#children = new DemoChildren(opts.bin);
  }

  get dataDir(): string {
    return this.#dataDir;
  }
  /** `http://host:port` of the App Mesh, Cloud Map and meshwork APIs. */
  get api(): string {
    return this.#api;
  }
  get xds(): string {
    return this.#xds;
  }
  get dns(): string {
    return this.#dns;
  }
  get examples(): string {
    return this.#opts.examples;
  }

  /** Starts the control plane and waits until it prints `ready`. */
  async start(): Promise<void> {
    const { http, xds, dns } = this.#opts;
    const up = (this.#up = this.#children.start(['up', '--http', http, '--xds', xds, '--dns', dns, '--data-dir', this.#dataDir, '--log-level', 'warning']));
    void up.child.exited.then(() => up.log.write('meshwork up exited\n'));
    await up.log.waitFor(/^ready$|^meshwork up exited$/m, READY_MS, 'meshwork up');
    const addr = (what: string) => new RegExp(`^${what} listening on (?:udp\\+tcp )?(\\S+)$`, 'm').exec(up.log.text)?.[1];
    const [a, x, d] = [addr('http'), addr('xds'), addr('dns')];
    if (!a || !x || !d) throw new Error(`meshwork up did not start:\n${up.log.text}`);
    [this.#api, this.#xds, this.#dns] = [`http://${a}`, x, d];
  }

  /** `meshwork apply -f <examples>/<file>`; throws with its output when it fails. */
  async apply(file: string): Promise<string> {
    const r = await this.#children.run(['apply', '--server', this.#api, '-f', join(this.#opts.examples, file)]);
    if (r.status !== 0) throw new Error(`meshwork apply -f ${file} failed:\n${r.output}`);
    return r.output.trim();
  }

  /** `meshwork run -n <ns> -l <labels> [...extra] [-- command]`; resolves once it is ready and registered. */
  async run(namespace: string, labels: string, command: readonly string[], extra: readonly string[] = []): Promise<Workload> {
    const args = ['run', '--server', this.#api, '--xds', this.#xds, '--dns', this.#dns, '-n', namespace, '-l', labels, ...extra];
    const process = this.#children.start(command.length > 0 ? [...args, '--', ...command] : args);
    void process.child.exited.then(() => process.log.write('\nmeshwork run exited\n'));
    const what = `meshwork run -n ${namespace} -l ${labels}`;
    const placed = await process.log.waitFor(/^\[(\S+) run\] (?:virtualNode|virtualGateway) \S+ in mesh \S+, address (\S+)$|^meshwork run exited$/m, READY_MS, what);
    if (placed[1] === undefined) throw new Error(`${what} exited:\n${process.log.text}`);
    await process.log.waitFor(/ run\] ready and registered as |^meshwork run exited$/m, READY_MS, what);
    if (!process.child.running) throw new Error(`${what} exited:\n${process.log.text}`);
    return { process, name: placed[1], address: placed[2]! };
  }

  /** Stops one workload as Ctrl-C would (it deregisters first). */
  async stop(w: Workload): Promise<void> {
    await w.process.child.stop(5000);
  }

  async close(): Promise<void> {
    // Workloads first, so they deregister from a control plane that is still there.
    await this.#children.stopAll(this.#up?.child);
    rmSync(this.#dataDir, { recursive: true, force: true });
  }

  destroy(): void {
    this.#children.killAll();
    rmSync(this.#dataDir, { recursive: true, force: true });
  }
}
