/**
 * `node dist/bench/xds-flush.js`: the CPU of one xDS update flush, in-process and without the network,
 * for comparing changes to the sync loop and the push path on a busy machine where bench:xds's wall
 * clock is mostly scheduling. The scenario is bench:xds's (providers blue and green behind router app,
 * 100 consumer virtual nodes); 1,000 StreamStates (10 per consumer) subscribe as Envoy does, then the
 * route's weight flips `--rounds` times. Prints the flush CPU (rebuilds and every stream's onSnapshot,
 * including encoding) per round: minimum and median.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { openSqliteStore } from '../src/store/sqlite/backend.js';
import { LogRegistry } from '../src/core/log.js';
import { identityFromNode } from '../src/control-plane/xds/builder/identity.js';
import { StreamState } from '../src/control-plane/xds/server/stream-state.js';
import { SnapshotSync } from '../src/control-plane/xds/sync/snapshot-sync.js';
import {
  CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, nodeMetadataToStruct, ROUTE_CONFIGURATION_TYPE_URL,
  type AdsRequest__Output,
} from '../src/xds-api/index.js';
import { FixtureEndpoints, writeResources, type FixtureResource } from '../test/support/mesh-fixture.js';
import { positiveInteger } from './lib/cli.js';
import { percentileSorted } from './lib/summary.js';
import { consumerNodeId, MESH, nodeSpec, PORT, routeSpec, SERVICE } from './lib/xds-scenario.js';

const STREAMS_PER_NODE = 10;

const route = (green: number): FixtureResource => ({ kind: 'Route', name: 'app', parentName: 'app', spec: routeSpec(green) });

function request(typeUrl: string, names: string[] = []): AdsRequest__Output {
  return { type_url: typeUrl, resource_names: names, response_nonce: '', version_info: '', node: null, error_detail: null } as unknown as AdsRequest__Output;
}

async function main(nodes: number, rounds: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshwork-bench-flush-'));
  const store = openSqliteStore({ dataDir });
  await writeResources(store, MESH, [
    { kind: 'VirtualNode', name: 'blue', spec: nodeSpec('blue', []) },
    { kind: 'VirtualNode', name: 'green', spec: nodeSpec('green', []) },
    { kind: 'VirtualRouter', name: 'app', spec: { listeners: [{ portMapping: { port: PORT, protocol: 'http' } }] } },
    route(10),
    { kind: 'VirtualService', name: SERVICE, spec: { provider: { virtualRouter: { virtualRouterName: 'app' } } } },
    ...Array.from({ length: nodes }, (_, i): FixtureResource => ({ kind: 'VirtualNode', name: `consumer-${i}`, spec: nodeSpec(`consumer-${i}`, [SERVICE]) })),
  ]);
  const sync = new SnapshotSync({ store, endpoints: new FixtureEndpoints(), log: new LogRegistry('off').get('xds'), debounceMs: 1, flushSliceMs: 1e9 });
  await sync.start();
  let pushed = 0;
  let wake = () => {};
  const metadata = nodeMetadataToStruct({ interception: 'local', appPorts: new Map(), appHost: '127.0.0.1', address: undefined });
  for (let n = 0; n < nodes; n++) {
    for (let k = 0; k < STREAMS_PER_NODE; k++) {
      const st = new StreamState({ now: () => Date.now() });
      st.onRequest(request(CLUSTER_TYPE_URL));
      st.onRequest(request(LISTENER_TYPE_URL));
      st.onRequest(request(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, ['cds_egress_bench_blue_http_8080', 'cds_egress_bench_green_http_8080']));
      st.onRequest(request(ROUTE_CONFIGURATION_TYPE_URL, ['rds_egress_http_15001', 'rds_ingress_http_8080']));
      sync.watch(identityFromNode(consumerNodeId(n), metadata), (u) => {
        if (u.kind === 'ready') pushed += st.onSnapshot(u.snapshot).length;
        wake();
      });
    }
  }
  const expected = nodes * STREAMS_PER_NODE;
  const pushes = (deadlineMs: number) => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${pushed} of ${expected} pushes within ${deadlineMs} ms`)), deadlineMs);
    wake = () => {
      if (pushed < expected) return;
      clearTimeout(timer);
      resolve();
    };
    wake();
  });
  try {
    await pushes(30_000);
    const cpuMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      pushed = 0;
      const done = pushes(30_000);
      const before = process.cpuUsage();
      await writeResources(store, MESH, [route(round % 2 === 0 ? 90 : 10)]);
      await done;
      const used = process.cpuUsage(before);
      cpuMs.push((used.user + used.system) / 1000);
    }
    cpuMs.sort((a, b) => a - b);
    process.stdout.write(`flush CPU (${nodes} builds, ${expected} streams, ${rounds} weight changes): min ${cpuMs[0]!.toFixed(1)} ms, median ${percentileSorted(cpuMs, 50).toFixed(1)} ms\n`);
  } finally {
    await sync.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await new Command('bench:xds-flush')
  .description('CPU of one xDS update flush in-process: rebuilds plus every stream\'s push, no network.')
  .option('--nodes <n>', 'consumer virtual nodes (10 streams each)', positiveInteger, 100)
  .option('--rounds <n>', 'weight changes to measure', positiveInteger, 12)
  .action(async (o: { nodes: number; rounds: number }) => main(o.nodes, o.rounds))
  .parseAsync();
