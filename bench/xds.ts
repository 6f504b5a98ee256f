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
import { ClientFleet } from './lib/client-fleet.js';
import { positiveInteger, runBenchmark } from './lib/cli.js';
import { ensureTools } from './lib/installer.js';
import { reniceProcess } from './lib/priority.js';
import type { ProfileWindow } from './lib/cpu-profile.js';
import { formatProfile, readProfiles } from './lib/profile-report.js';
import { sampleTree } from './lib/proc-stats.js';
import { runInfo } from './lib/run-info.js';
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

interface Options {
  clients: number[];
  nodes: number;
  quick?: boolean;
  profile?: boolean;
  nice: number;
  out: string;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const mib = (kib: number) => kib / 1024;

class Unavailable extends Error {}

/** Now, in the clock of V8 CPU profiles (µs of CLOCK_MONOTONIC). */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

interface Phases {
  readonly connect: ProfileWindow;
  readonly update: ProfileWindow;
}

async function measure(cp: ControlPlane, clients: number, nodes: number): Promise<{ m: XdsMeasurement; phases: Phases }> {
  const appmesh = appMeshClient(cp.httpUrl);
  try {
    await createScenario(appmesh, nodes, INITIAL_GREEN);
  } catch (err) {
    throw new Unavailable(`the App Mesh API did not take the scenario: ${(err as Error).name}: ${(err as Error).message}`);
  }
  const pid = cp.process.pid;
  const fleetOf = (count: number, first: number) =>
    new ClientFleet({ count, nodeId: (i) => consumerNodeId((first + i) % nodes), xdsAddress: cp.xdsAddress, marker: GREEN_MARKER, connectDeadlineMs: 60_000 + count * 20, log });
  // One warm-up client first: the control plane's baseline then includes its code and first build.
  const warmup = fleetOf(1, 0);
  let fleet: ClientFleet | undefined;
  try {
    if (!(await warmup.connected) || warmup.ready().length === 0) {
      throw new Unavailable('no RouteConfiguration with weighted clusters reached a client (is the xDS server wired into meshwork up?)');
    }
    const idle = sampleTree(pid);
    const connectFrom = monotonicUs();
    fleet = fleetOf(clients, 1);
    if (!(await fleet.connected)) log(`${clients - fleet.ready().length} of ${clients} clients had no RouteConfiguration by the deadline`);
    const connectAllMs = fleet.connectAllMs();
    const connectTo = monotonicUs();
    const afterConnect = sampleTree(pid);
    log(`${clients} clients connected in ${(connectAllMs / 1000).toFixed(2)} s; control plane RSS ${mib(afterConnect.rssKiB).toFixed(1)} MB`);
    const ready = fleet.ready();
    const converged = fleet.expect(CHANGED_GREEN / 100, 30_000);
    warmup.expect(CHANGED_GREEN / 100, 30_000);
    // A fresh client: the scenario's keep-alive connection may have idled past the server's keep-alive timeout.
    const updater = appMeshClient(cp.httpUrl);
    const updateFrom = monotonicUs();
    await setGreenWeight(updater, CHANGED_GREEN).finally(() => updater.destroy());
    const t1 = performance.now();
    const simulatorBefore = process.cpuUsage();
    await converged.done;
    const simulator = process.cpuUsage(simulatorBefore);
    const updateTo = monotonicUs();
    const afterUpdate = sampleTree(pid);
    const convergenceMs = ready.filter((p) => p.convergedAt !== undefined).map((p) => Math.max(0, p.convergedAt! - t1));
    const m: XdsMeasurement = {
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
      simulatorCpuUpdateS: (simulator.user + simulator.system) / 1e6,
    };
    return { m, phases: { connect: { fromUs: connectFrom, toUs: connectTo }, update: { fromUs: updateFrom, toUs: updateTo } } };
  } finally {
    fleet?.close();
    warmup.close();
    appmesh.destroy();
  }
}

async function main(o: Options): Promise<void> {
  ensureTools(['taskset'], log);
  // The simulator (this process, all its threads) stays off the control plane's CPU.
  execFileSync('taskset', ['-a', '-p', '-c', String(SIMULATOR_CPU), String(process.pid)], { stdio: 'ignore' });
  const info = runInfo();
  const runStamp = info.startedAt.replace(/[:]/g, '-').replace(/\..*$/, '');
  const profiles: string[] = [];
  const outcomes: XdsOutcome[] = [];
  const list = o.quick ? [100] : o.clients;
  for (const [index, clients] of list.entries()) {
    const nodes = Math.min(o.nodes, clients);
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-bench-xds-'));
    try {
      const profileDir = o.profile ? join(o.out, 'profiles', `xds-${runStamp}-${clients}`) : undefined;
      const started = await startControlPlane(dir, CONTROL_PLANE_CPU, profileDir);
      let measuredPhases: Phases | undefined;
      if (started.kind === 'unavailable') {
        log(`not yet measurable: ${started.reason}`);
        for (const n of list.slice(index)) outcomes.push({ kind: 'skipped', clients: n, reason: started.reason });
        break;
      }
      try {
        if (o.nice !== 0) {
          reniceProcess(started.cp.process.pid, o.nice);
          reniceProcess(process.pid, o.nice);
        }
        log(`${clients} clients over ${nodes} virtual nodes`);
        const { m, phases } = await measure(started.cp, clients, nodes);
        outcomes.push({ kind: 'measured', m });
        measuredPhases = phases;
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
      if (profileDir && measuredPhases) {
        for (const [phase, window] of Object.entries(measuredPhases)) {
          profiles.push(...readProfiles(profileDir, 12, window).map((p) => `(${clients} clients, ${phase} phase) ${formatProfile(p)}`));
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`\nconvergence after one UpdateRoute (green ${INITIAL_GREEN} → ${CHANGED_GREEN}), control plane on CPU ${CONTROL_PLANE_CPU}, simulator on CPU ${SIMULATOR_CPU}\n`);
  process.stdout.write(`${textTable(XDS_HEADERS, outcomes.map(xdsTableRow))}\n`);
  for (const p of profiles) process.stdout.write(`\nCPU profile ${p}\n`);
  mkdirSync(o.out, { recursive: true });
  const file = join(o.out, `xds-${runStamp}.json`);
  writeFileSync(file, `${JSON.stringify({ ...info, settings: { clients: list, nodes: o.nodes, nice: o.nice }, outcomes }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
}

const program = new Command('bench:xds')
  .description('Control-plane convergence: N simulated ADS clients, one weight change, time to the new RouteConfiguration.')
  .option('--clients <list>', 'client counts to measure, comma-separated', counts, [100, 1000, 5000])
  .option('--nodes <n>', 'consumer virtual nodes the clients are spread over (at most one per client)', positiveInteger, 100)
  .option('--quick', '100 clients only (for development)')
  .option('--nice <n>', 'renice the control plane and the simulator (e.g. -10, as root) to measure latency with less scheduling noise from other work on the machine', (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < -20 || n > 19) throw new InvalidArgumentError(`expected an integer from -20 to 19, got '${v}'`);
    return n;
  }, 0)
  .option('--profile', 'run the control plane with --cpu-prof and print where its CPU time goes')
  .option('--out <dir>', 'where to write xds-<date>.json', 'bench/results')
  .action((o: Options) => runBenchmark('bench:xds', () => main(o)));
await program.parseAsync();
