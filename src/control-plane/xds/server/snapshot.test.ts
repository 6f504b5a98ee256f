import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLUSTER_TYPE_URL as CDS, decodeMessage, LISTENER_TYPE_URL as LDS, ROUTE_CONFIGURATION_TYPE_URL as RDS,
} from '../../../xds-api/index.js';
import { emptyResources, type XdsResources } from '../builder/model.js';
import { keyedSubscription, PreparedCache, prepareSnapshot, selectVersioned } from './snapshot.js';

const RESPONSE = 'type.googleapis.com/envoy.service.discovery.v3.DiscoveryResponse';
const ALL = keyedSubscription('wildcard');

function resources(greenWeight: number, clusters = ['blue', 'green']): XdsResources {
  const r = emptyResources();
  for (const c of clusters) r.clusters.set(`cds_${c}`, { name: `cds_${c}`, type: 'EDS', eds_cluster_config: { eds_config: { ads: {} } } });
  r.listeners.set('lds_egress', { name: 'lds_egress', address: { socket_address: { address: '0.0.0.0', port_value: 15001 } } });
  r.routes.set('rds_egress', {
    name: 'rds_egress',
    virtual_hosts: [{ name: 'app', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { weighted_clusters: { clusters: [
      { name: 'cds_blue', weight: { value: 100 - greenWeight } }, { name: 'cds_green', weight: { value: greenWeight } },
    ] } } }] }],
  });
  return r;
}

test('a rebuild keeps the tables, versions and encoded responses of the types that did not change', () => {
  const cache = new PreparedCache();
  const first = prepareSnapshot(resources(10), cache);
  const before = { cds: selectVersioned(first, CDS, ALL), lds: selectVersioned(first, LDS, ALL), rds: selectVersioned(first, RDS, keyedSubscription(new Set(['rds_egress']))) };
  const second = prepareSnapshot(resources(90), cache, first);
  assert.equal(second.byType.get(CDS), first.byType.get(CDS), 'the cluster table is the previous one');
  assert.equal(selectVersioned(second, CDS, ALL), before.cds, 'its selection (version, response) carried over');
  assert.equal(selectVersioned(second, LDS, ALL), before.lds);
  const rds = selectVersioned(second, RDS, keyedSubscription(new Set(['rds_egress'])));
  assert.notEqual(rds.version, before.rds.version, 'the changed route has a new version');
  const sent = decodeMessage(RESPONSE, rds.response().withNonce('9')) as { version_info: string; resources: Array<{ virtual_hosts: Array<{ routes: Array<{ route: { weighted_clusters: { clusters: Array<{ weight: { value: number } }> } } }> }> }> };
  assert.equal(sent.version_info, rds.version);
  assert.deepEqual(sent.resources[0]!.virtual_hosts[0]!.routes[0]!.route.weighted_clusters.clusters.map((c) => c.weight.value), [10, 90]);
});

test('a removed or added resource changes its table and version', () => {
  const first = prepareSnapshot(resources(10));
  const fewer = prepareSnapshot(resources(10, ['blue']), new PreparedCache(), first);
  assert.notEqual(fewer.byType.get(CDS), first.byType.get(CDS));
  assert.deepEqual([...fewer.byType.get(CDS)!.keys()], ['cds_blue']);
  assert.notEqual(selectVersioned(fewer, CDS, ALL).version, selectVersioned(first, CDS, ALL).version);
  const more = prepareSnapshot(resources(10, ['blue', 'green', 'red']), new PreparedCache(), first);
  assert.deepEqual([...more.byType.get(CDS)!.keys()], ['cds_blue', 'cds_green', 'cds_red']);
  assert.equal(more.byType.get(RDS), first.byType.get(RDS));
});
