import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { adsServiceDefinition, createAdsClient, type AdsServerStream } from './ads.js';
import { decodeAny, encodeAny } from './any.js';
import { PreparedResponse } from './prepared-response.js';
import { CLUSTER_TYPE_URL, LISTENER_TYPE_URL } from './type-urls.js';

test('an ADS stream carries a request with node and responses with encoded resources, as objects or pre-encoded', async (t) => {
  const server = new grpc.Server();
  server.addService(adsServiceDefinition(), {
    StreamAggregatedResources(call: AdsServerStream) {
      call.on('data', (req) => {
        if (req.type_url === LISTENER_TYPE_URL) {
          const prepared = new PreparedResponse({ version_info: '2', type_url: LISTENER_TYPE_URL, resources: [encodeAny(LISTENER_TYPE_URL, { name: 'l1' })] });
          call.write(prepared.withNonce('n2'));
          return;
        }
        call.write({
          version_info: '1',
          nonce: 'n1',
          type_url: req.type_url,
          resources: [encodeAny(CLUSTER_TYPE_URL, { name: `c-for-${req.node?.id ?? '?'}`, type: 'EDS' })],
        });
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  t.after(() => server.forceShutdown());
  const client = createAdsClient(`127.0.0.1:${port}`);
  t.after(() => client.close());
  const stream = client.StreamAggregatedResources();
  t.after(() => stream.cancel());
  const response = new Promise<Record<string, unknown>>((resolve) => stream.once('data', resolve));
  stream.on('error', () => undefined);
  stream.write({ node: { id: 'mesh/m/virtualNode/vn', cluster: 'mesh/m/virtualNode/vn' }, type_url: CLUSTER_TYPE_URL });
  const res = (await response) as { nonce: string; resources: Array<{ type_url: string; value: Buffer }> };
  assert.equal(res.nonce, 'n1');
  const cluster = decodeAny(res.resources[0]!);
  assert.equal(cluster['name'], 'c-for-mesh/m/virtualNode/vn');
  assert.equal(cluster['type'], 'EDS');
  // A response the server encoded already goes out as it is.
  const second = new Promise<Record<string, unknown>>((resolve) => stream.once('data', resolve));
  stream.write({ type_url: LISTENER_TYPE_URL });
  const res2 = (await second) as { nonce: string; version_info: string; resources: Array<{ type_url: string; value: Buffer }> };
  assert.deepEqual([res2.nonce, res2.version_info], ['n2', '2']);
  assert.equal(decodeAny(res2.resources[0]!)['name'], 'l1');
});
