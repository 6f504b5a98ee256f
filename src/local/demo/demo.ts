/**
 * `meshwork demo`: plays the chapter on this machine. A control plane with a fresh data directory,
 * the chapter's manifests applied in its order, green and blue (two replicas each) and the consumer as
 * `meshwork run` workloads, then each step of STEPS with its requests and responses and ✓ or ✗.
 * Returns whether every step matched; the caller decides whether to keep running (`hold`) or stop.
 */
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors.js';
import { STEPS, type DemoState } from './steps.js';
import { DemoWorld } from './world.js';

/** The manifests applied before the steps, in the chapter's order. */
const SETUP = ['01-namespaces.yaml', '02-services.yaml', '03-mesh.yaml', '04-namespace-labels.yaml', '05-virtual-nodes.yaml', '06-virtual-services.yaml', '07-consumer-node.yaml'];

export interface DemoOptions {
  readonly bin: string;
  readonly examples: string;
  readonly out: (text: string) => void;
  /** Ports on 127.0.0.1 (0: the kernel picks); absent: 7700, 7701, 7753 and 8080 when free. */
  readonly ports?: Partial<Record<'http' | 'xds' | 'dns' | 'gateway', number>>;
}

/** A port to listen on: `preferred` when it is free on 127.0.0.1, else one the kernel picks. */
export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => void freePort(0).then(resolve));
    s.listen(preferred, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export class Demo {
  readonly #opts: DemoOptions;
  #world: DemoWorld | undefined;
  #state: DemoState | undefined;

  constructor(opts: DemoOptions) {
    this.#opts = opts;
  }

  /** Sets the mesh up and runs every step; resolves true iff every step matched the chapter. */
  async play(): Promise<boolean> {
    const out = this.#opts.out;
    const p = this.#opts.ports ?? {};
    // Port 0 goes to meshwork up as it is (it prints what it bound); the gateway needs a real port.
    const pick = (port: number) => (port === 0 ? Promise.resolve(0) : freePort(port));
    const [http, xds, dns, gateway] = await Promise.all([pick(p.http ?? 7700), pick(p.xds ?? 7701), pick(p.dns ?? 7753), freePort(p.gateway ?? 8080)]);
    const world = (this.#world = new DemoWorld({ bin: this.#opts.bin, examples: this.#opts.examples, http: `127.0.0.1:${http}`, xds: `127.0.0.1:${xds}`, dns: `127.0.0.1:${dns}` }));
    await world.start();
    out(`control plane: API ${world.api}, xDS ${world.xds}, DNS ${world.dns}, data directory ${world.dataDir}\n\n`);
    for (const file of SETUP) out(`$ meshwork apply -f examples/webapp/${file}\n${await world.apply(file)}\n`);
    const colorApp = join(this.#opts.examples, 'apps', 'color-app.mjs');
    const replicas = (ns: string, name: string, color: string) =>
      Promise.all([0, 1].map(() => world.run(ns, `app.kubernetes.io/name=${name}`, [process.execPath, colorApp, color])));
    const green = await replicas('green', 'green-v1', 'green');
    const blue = await replicas('blue', 'blue-v1', 'blue');
    const consumer = await world.run('consumer', 'app.kubernetes.io/name=consumer', [process.execPath, '-e', 'setInterval(() => {}, 1 << 30)']);
    for (const w of [...green, ...blue, consumer]) out(`$ meshwork run ... → ${w.name} on ${w.address}\n`);
    const state: DemoState = (this.#state = { world, colorApp, consumer, green, blue, gatewayPort: gateway });

    let passed = 0;
    for (const [i, step] of STEPS.entries()) {
      out(`\n[${i + 1}/${STEPS.length}] ${step.title}\n`);
      for (const c of step.chapter) out(`  chapter: ${c}\n`);
      try {
        const r = await step.run(state);
        for (const line of r.shown.flatMap((l) => l.split('\n'))) out(`  ${line}\n`);
        const ok = r.ok ?? r.expected === r.got;
        if (ok) passed++;
        out(`${ok ? '✓' : '✗'} ${step.title}\n  expected: ${r.expected}\n  got:      ${r.got}\n`);
      } catch (err) {
        out(`✗ ${step.title}\n  error: ${errorMessage(err)}\n`);
      }
    }
    out(`\n${passed} of ${STEPS.length} steps gave the chapter's result\n`);
    return passed === STEPS.length;
  }

  /** How to look at the running mesh by hand. */
  pokeAround(): string {
    const s = this.#state;
    const w = this.#world;
    if (!s || !w) return '';
    const dns = w.dns.split(':');
    const tries: Array<[string, string]> = [
      [`curl -x http://${s.consumer.address}:15001 http://myapp.consumer.svc.cluster.local:8085/id`, 'as the consumer pod'],
      [`curl http://127.0.0.1:${s.gatewayPort}/id`, 'through the virtual gateway'],
      [`curl http://${s.consumer.address}:9901/config_dump`, "the consumer sidecar's admin"],
      ...[...s.green, ...s.blue].map((x): [string, string] => [`curl http://${x.address}:9901/stats`, `${x.name} sidecar admin`]),
      [`MESHWORK_SERVER=${w.api} npx meshwork get virtualnode -A`, 'as kubectl shows them'],
    ];
    const width = Math.max(...tries.map(([cmd]) => cmd.length));
    return [
      '',
      'The mesh keeps running. Try:',
      ...tries.map(([cmd, note]) => `  ${cmd.padEnd(width)}   # ${note}`),
      `  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws --region eu-central-1 --endpoint-url ${w.api}/ appmesh list-virtual-nodes --mesh-name webapp`,
      `  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws --region eu-central-1 --endpoint-url ${w.api}/ servicediscovery list-namespaces`,
      `  dig @${dns[0]} -p ${dns[1]} myapp.prod.eu`,
      'Press Ctrl-C to stop everything.',
      '',
    ].join('\n');
  }

  /** Stops every process gracefully and removes the data directory. */
  async close(): Promise<void> {
    await this.#world?.close();
  }

  destroy(): void {
    this.#world?.destroy();
  }
}
