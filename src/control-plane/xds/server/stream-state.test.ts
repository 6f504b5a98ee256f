import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLUSTER_TYPE_URL as CDS, decodeMessage, type AdsRequest__Output } from '../../../xds-api/index.js';
import { emptyResources } from '../builder/model.js';
import { prepareSnapshot } from './snapshot.js';
import { StreamState } from './stream-state.js';

const RESPONSE = 'type.googleapis.com/envoy.service.discovery.v3.DiscoveryResponse';

function request(fields: Partial<AdsRequest__Output>): AdsRequest__Output {
  return { version_info: '', node: null, resource_names: [], resource_locators: [], type_url: CDS, response_nonce: '', error_detail: null, ...fields } as AdsRequest__Output;
}

function snapshot(clusters: string[]) {
  const r = emptyResources();
  for (const c of clusters) r.clusters.set(c, { name: c, type: 'EDS', eds_cluster_config: { eds_config: { ads: {} } } });
  return prepareSnapshot(r);
}

function namesOf(response: Buffer | undefined): string[] {
  const sent = decodeMessage(RESPONSE, response ?? Buffer.alloc(0)) as { resources: Array<{ name: string }> };
  return sent.resources.map((r) => r.name);
}

test('an ACK with the same names is acknowledged without a response; changed names are answered', () => {
  const state = new StreamState({ now: () => 0 });
  state.onSnapshot(snapshot(['a', 'b']));
  const first = state.onRequest(request({ resource_names: ['a'] }));
  assert.equal(first.outcome.kind, 'subscribed');
  assert.deepEqual(namesOf(first.responses[0]), ['a']);
  const sent = state.status()[0];
  const ack = state.onRequest(request({ resource_names: ['a'], version_info: sent?.sentVersion ?? '', response_nonce: '1' }));
  assert.deepEqual(ack, { outcome: { kind: 'ack', typeUrl: CDS }, responses: [] });
  assert.equal(state.status()[0]?.ackedVersion, sent?.sentVersion);
  const more = state.onRequest(request({ resource_names: ['a', 'b'], response_nonce: '1' }));
  assert.equal(more.outcome.kind, 'ack');
  assert.deepEqual(namesOf(more.responses[0]).sort(), ['a', 'b']);
  assert.deepEqual(state.status()[0]?.subscription, new Set(['a', 'b']));
});

test('a wildcard stays a wildcard across ACKs that name nothing', () => {
  const state = new StreamState({ now: () => 0 });
  state.onSnapshot(snapshot(['a', 'b']));
  assert.deepEqual(namesOf(state.onRequest(request({})).responses[0]).sort(), ['a', 'b']);
  assert.deepEqual(state.onRequest(request({ response_nonce: '1' })).responses, []);
  assert.equal(state.status()[0]?.subscription, 'wildcard');
  assert.deepEqual(namesOf(state.onSnapshot(snapshot(['a', 'b', 'c']))[0]).sort(), ['a', 'b', 'c']);
});
