/**
 * The table-driven decoder against protobufjs over the control plane's golden snapshots (real builder
 * output for the chapter and the features): every resource encoded with the full Envoy root, decoded
 * both ways, must compile to deep-equal models, and every field the tables produce must equal what
 * protobufjs `toObject` gives for it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeAny, encodeAny } from '../../../xds-api/any.js';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../../xds-api/type-urls.js';
import { compileAssignment, compileCluster } from '../../config/compile-cluster.js';
import { compileListener } from '../../config/compile-listener.js';
import { compileRouteTable } from '../../config/compile-routes.js';
import type { P } from '../../config/proto-read.js';
import { decodeResource } from './registry.js';
import { assertSubset } from '../../../../test/support/assert-subset.js';

const dir = fileURLToPath(new URL('../../../../../src/control-plane/xds/builder/testdata/', import.meta.url));
const KINDS = [
  ['listeners', LISTENER_TYPE_URL, (r: P) => compileListener(r, '1')],
  ['routes', ROUTE_CONFIGURATION_TYPE_URL, (r: P) => compileRouteTable(r, '1', 'RouteConfiguration')],
  ['clusters', CLUSTER_TYPE_URL, (r: P) => compileCluster(r)],
  ['endpoints', CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, (r: P) => compileAssignment(r)],
] as const;

const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

test('golden snapshots exist', () => assert.ok(files.length >= 10, `${files.length} files in ${dir}`));

for (const file of files) {
  test(`${file}: the table decoder gives the fields and compiled models protobufjs gives`, () => {
    const golden = JSON.parse(readFileSync(dir + file, 'utf8')) as Record<string, unknown>;
    let count = 0;
    for (const [key, typeUrl, compile] of KINDS) {
      const raw = golden[key];
      for (const resource of (Array.isArray(raw) ? raw : Object.values(raw ?? {})) as P[]) {
        const any = encodeAny(typeUrl, resource);
        const reference = decodeAny(any);
        const mine = decodeResource(typeUrl, any.value);
        assertSubset(mine, reference, `${file} ${key}`);
        assert.deepEqual(compile(mine), compile(reference), `${file} ${key} ${String(resource['name'] ?? resource['cluster_name'])}`);
        count++;
      }
    }
    assert.ok(count > 0);
  });
}
