import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edsNames, rdsNames, shareOf, weightedClusters } from './xds-names.js';

const HCM = (rds: string) => ({
  name: 'envoy.filters.network.http_connection_manager',
  typed_config: { '@type': 'type.googleapis.com/envoy...HttpConnectionManager', stat_prefix: 'egress', rds: { route_config_name: rds, config_source: { ads: {} } } },
});

test('RDS names from listeners, deduplicated and sorted', () => {
  const listeners = [
    { name: 'lds_egress_0.0.0.0_15001', filter_chains: [{ filters: [HCM('rds_egress_http_15001')] }] },
    { name: 'lds_ingress_0.0.0.0_8080', filter_chains: [{ filters: [HCM('rds_ingress_http_8080')] }, { filters: [HCM('rds_egress_http_15001')] }] },
    { name: 'tcp', filter_chains: [{ filters: [{ name: 'envoy.filters.network.tcp_proxy', typed_config: { cluster: 'x' } }] }] },
  ];
  assert.deepEqual(rdsNames(listeners), ['rds_egress_http_15001', 'rds_ingress_http_8080']);
  assert.deepEqual(rdsNames([]), []);
});

test('EDS names: service_name when set, else the cluster name; non-EDS clusters skipped', () => {
  const clusters = [
    { name: 'cds_egress_bench_blue_http_8080', type: 'EDS', eds_cluster_config: { service_name: '' } },
    { name: 'cds_egress_bench_green_http_8080', type: 'EDS', eds_cluster_config: { service_name: 'green-eds' } },
    { name: 'cds_ingress_bench_consumer_http_8080', type: 'STATIC' },
  ];
  assert.deepEqual(edsNames(clusters), ['cds_egress_bench_blue_http_8080', 'green-eds']);
});

test('weighted clusters and the share of a marked cluster, with wrapped and plain weights', () => {
  const rc = {
    name: 'rds_egress_http_15001',
    virtual_hosts: [
      { name: 'app', routes: [{ match: { prefix: '/' }, route: { weighted_clusters: { clusters: [
        { name: 'cds_egress_bench_blue_http_8080', weight: { value: 30 } },
        { name: 'cds_egress_bench_green_http_8080', weight: 70 },
      ] } } }] },
      { name: 'other', routes: [{ match: { prefix: '/' }, route: { cluster: 'solo' } }] },
    ],
  };
  assert.deepEqual(weightedClusters(rc), [{ name: 'cds_egress_bench_blue_http_8080', weight: 30 }, { name: 'cds_egress_bench_green_http_8080', weight: 70 }]);
  assert.equal(shareOf(rc, '_green_'), 0.7);
  assert.equal(shareOf(rc, '_red_'), 0);
  assert.equal(shareOf({ virtual_hosts: [] }, '_green_'), undefined);
});
