/**
 * `npm run bench:xds`: control-plane convergence. For each client count N, a fresh `meshwork up`, a mesh
 * created through the App Mesh API, N simulated ADS clients over many consumer virtual nodes, then one
 * route weight change; per client, the time from UpdateRoute's response to the new RouteConfiguration.
 * See bench/README.md for the method and docs/performance.md for figures.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError } from 'commander';
import { startControlPlane, type ControlPlane } from './lib/control-plane.js';
import { Countdown } from './lib/countdown.js';
import { ensureTools } from './lib/installer.js';
import { sampleTree } from './lib/proc-stats.js';
import { runInfo } from './lib/run-info.js';
import { SimulatedProxy } from './lib/simulated-proxy.js';
import { textTable } from './lib/table.js';
import { XDS_HEADERS, xdsTableRow, type XdsMeasurement, type XdsOutcome } from './lib/xds-report.js';
import { GREEN_MARKER, appMeshClient, consumerNodeId, createScenario, setGreenWeight } from './lib/xds-scenario.js';

const CONTROL_PLANE_CPU = 0;
const SIMULATOR_CPU = 1;
const INITIAL_GREEN = 10;
const CHANGED_GREEN = 90;

function counts(value: string): number[] {
  const out = value.split(',').map((s) => Number(s.trim()));
  if (out.some((n) => !Number.isInteger(n) || n <= 0)) throw new InvalidArgumentError(`expected positive integers separated by commas, got '${value}'`);
  return out;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return n;
}

interface Options {
  clients: number[];
  nodes: number;
  quick?: boolean;
  out: string;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const mib = (kib: number) => kib / 1024;

class Unavailable extends Error {}

async function measure(cp: ControlPlane, clients: number, nodes: number): Promise<XdsMeasurement> {
  const appmesh = appMeshClient(cp.httpUrl);
  try {
    await createScenario(appmesh, nodes, INITIAL_GREEN);
  } catch (err) {
    throw new Unavailable(`the App Mesh API did not take the scenario: ${(err as Error).name}: ${(err as Error).message}`);
  }
  const pid = cp.process.pid;
  const idle = sampleTree(pid);
  const connected = new Countdown(clients, 60_000 + clients * 20);
  let failed = 0;
  const proxies: SimulatedProxy[] = [];
  let converged: Countdown | undefined;
  const t0 = performance.now();
  try {
    for (let i = 0; i < clients; i++) {
      const p = new SimulatedProxy({
        nodeId: consumerNodeId(i % nodes),
        xdsAddress: cp.xdsAddress,
        marker: GREEN_MARKER,
        onFirstRoute: () => connected.tick(),
        onConverged: () => converged?.tick(),
        onError: (_p, err) => {
          failed++;
          if (failed <= 3) log(`client ${i}: ${err.message}`);
          connected.tick();
          converged?.tick();
        },
      });
      proxies.push(p);
      p.open();
    }
    if (!(await connected.done)) {
      const missing = proxies.filter((p) => p.firstRouteAt === undefined).length;
      if (missing === clients) throw new Unavailable('no client received a RouteConfiguration with weighted clusters (is the xDS server wired into meshwork up?)');
      log(`${missing} of ${clients} clients had no RouteConfiguration by the deadline`);
    }
    const connectAllMs = Math.max(...proxies.map((p) => p.firstRouteAt ?? Number.NaN).filter(Number.isFinite)) - t0;
    const afterConnect = sampleTree(pid);
    log(`${clients} clients connected in ${(connectAllMs / 1000).toFixed(2)} s; control plane RSS ${mib(afterConnect.rssKiB).toFixed(1)} MB`);
    const ready = proxies.filter((p) => p.error === undefined && p.firstRouteAt !== undefined);
    converged = new Countdown(ready.length, 30_000);
    for (const p of ready) p.expect(CHANGED_GREEN / 100);
    await setGreenWeight(appmesh, CHANGED_GREEN);
    const t1 = performance.now();
    await converged.done;
    const afterUpdate = sampleTree(pid);
    const convergenceMs = ready.filter((p) => p.convergedAt !== undefined).map((p) => Math.max(0, p.convergedAt! - t1));
    return {
      clients,
      nodes,
      connectAllMs,
      convergenceMs,
      failed: clients - convergenceMs.length,
      rssIdleMiB: mib(idle.rssKiB),
      rssConnectedMiB: mib(afterConnect.rssKiB),
      peakRssMiB: mib(afterUpdate.peakRssKiB),
      cpuConnectS: afterConnect.cpuS - idle.cpuS,
      cpuUpdateS: afterUpdate.cpuS - afterConnect.cpuS,
    };
  } finally {
    for (const p of proxies) p.close();
    appmesh.destroy();
  }
}

async function main(o: Options): Promise<void> {
  ensureTools(['taskset'], log);
  // The simulator (this process, all its threads) stays off the control plane's CPU.
  execFileSync('taskset', ['-a', '-p', '-c', String(SIMULATOR_CPU), String(process.pid)], { stdio: 'ignore' });
  const info = runInfo();
  const outcomes: XdsOutcome[] = [];
  const list = o.quick ? [100] : o.clients;
  for (const [index, clients] of list.entries()) {
    const nodes = Math.min(o.nodes, clients);
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-bench-xds-'));
    try {
      const started = await startControlPlane(dir, CONTROL_PLANE_CPU);
      if (started.kind === 'unavailable') {
        log(`not yet measurable: ${started.reason}`);
        for (const n of list.slice(index)) outcomes.push({ kind: 'skipped', clients: n, reason: started.reason });
        break;
      }
      try {
        log(`${clients} clients over ${nodes} virtual nodes`);
        outcomes.push({ kind: 'measured', m: await measure(started.cp, clients, nodes) });
      } catch (err) {
        const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
        log(`${clients} clients: ${reason}`);
        if (err instanceof Unavailable) {
          for (const n of list.slice(index)) outcomes.push({ kind: 'skipped', clients: n, reason });
          break;
        }
        outcomes.push({ kind: 'failed', clients, reason });
      } finally {
        await started.cp.process.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`\nconvergence after one UpdateRoute (green ${INITIAL_GREEN} → ${CHANGED_GREEN}), control plane on CPU ${CONTROL_PLANE_CPU}, simulator on CPU ${SIMULATOR_CPU}\n`);
  process.stdout.write(`${textTable(XDS_HEADERS, outcomes.map(xdsTableRow))}\n`);
  mkdirSync(o.out, { recursive: true });
  const file = join(o.out, `xds-${info.startedAt.replace(/[:]/g, '-').replace(/\..*$/, '')}.json`);
  writeFileSync(file, `${JSON.stringify({ ...info, settings: { clients: list, nodes: o.nodes }, outcomes }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
}

const program = new Command('bench:xds')
  .description('Control-plane convergence: N simulated ADS clients, one weight change, time to the new RouteConfiguration.')
  .option('--clients <list>', 'client counts to measure, comma-separated', counts, [100, 1000, 5000])
  .option('--nodes <n>', 'consumer virtual nodes the clients are spread over (at most one per client)', positiveInt, 100)
  .option('--quick', '100 clients only (for development)')
  .option('--out <dir>', 'where to write xds-<date>.json', 'bench/results')
  .action(async (o: Options) => {
    try {
      await main(o);
    } catch (err) {
      process.stderr.write(`bench:xds: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  });
await program.parseAsync();
