import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodeAny } from '../../src/xds-api/any.js';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL } from '../../src/xds-api/type-urls.js';
import { decodeAll, DECODERS } from '../../src/proxy/xds-client/decoders.js';

// The control plane's golden snapshots (source tree, next to its builder) must all be accepted by the proxy.
const dir = fileURLToPath(new URL('../../../src/control-plane/xds/builder/testdata/', import.meta.url));
const kinds = [
  ['listeners', LISTENER_TYPE_URL],
  ['routes', ROUTE_CONFIGURATION_TYPE_URL],
  ['clusters', CLUSTER_TYPE_URL],
  ['endpoints', CLUSTER_LOAD_ASSIGNMENT_TYPE_URL],
] as const;

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  test(`the proxy accepts every resource of the control plane's ${file}`, () => {
    const golden = JSON.parse(readFileSync(dir + file, 'utf8')) as Record<string, unknown>;
    for (const [key, typeUrl] of kinds) {
      const raw = golden[key];
      const items = (Array.isArray(raw) ? raw : Object.values(raw ?? {})) as Array<Record<string, unknown>>;
      const result = decodeAll<unknown>(DECODERS[typeUrl], items.map((r) => encodeAny(typeUrl, r)), '1');
      assert.ok(result.ok, `${key}: ${result.ok ? '' : result.error}`);
    }
  });
}
