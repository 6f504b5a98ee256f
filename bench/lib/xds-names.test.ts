import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLUSTER_TYPE_URL, encodeMessage, HTTP_CONNECTION_MANAGER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL, TCP_PROXY_TYPE_URL,
} from '../../src/xds-api/index.js';
import { edsNames, rdsNames, shareOf, weightedClusters } from './xds-names.js';

const HCM = (rds: string) => ({
  name: 'envoy.filters.network.http_connection_manager',
  typed_config: { '@type': HTTP_CONNECTION_MANAGER_TYPE_URL, stat_prefix: 'egress', rds: { route_config_name: rds, config_source: { ads: {} } } },
});
const listener = (o: Record<string, unknown>) => encodeMessage(LISTENER_TYPE_URL, o);
const cluster = (o: Record<string, unknown>) => encodeMessage(CLUSTER_TYPE_URL, o);
const routes = (o: Record<string, unknown>) => encodeMessage(ROUTE_CONFIGURATION_TYPE_URL, o);

test('RDS names from the encoded listeners, deduplicated and sorted; the default filter chain counts', () => {
  const listeners = [
    listener({ name: 'lds_egress_0.0.0.0_15001', filter_chains: [{ filters: [HCM('rds_egress_http_15001')] }] }),
    listener({ name: 'lds_ingress_0.0.0.0_8080', filter_chains: [{ filters: [HCM('rds_ingress_http_8080')] }, { filters: [HCM('rds_egress_http_15001')] }] }),
    listener({ name: 'tcp', filter_chains: [{ filters: [{ name: 'envoy.filters.network.tcp_proxy', typed_config: { '@type': TCP_PROXY_TYPE_URL, stat_prefix: 'tcp', cluster: 'x' } }] }] }),
    listener({ name: 'fallback', default_filter_chain: { filters: [HCM('rds_default')] } }),
  ];
  assert.deepEqual(rdsNames(listeners), ['rds_default', 'rds_egress_http_15001', 'rds_ingress_http_8080']);
  assert.deepEqual(rdsNames([]), []);
});

test('EDS names from the encoded clusters: service_name when set, else the cluster name; non-EDS clusters skipped', () => {
  const clusters = [
    cluster({ name: 'cds_egress_bench_blue_http_8080', type: 'EDS', eds_cluster_config: { service_name: '' } }),
    cluster({ name: 'cds_egress_bench_green_http_8080', type: 'EDS', eds_cluster_config: { service_name: 'green-eds' } }),
    cluster({ name: 'cds_ingress_bench_consumer_http_8080', type: 'STATIC' }),
    cluster({ name: 'cds_strict_dns', type: 'STRICT_DNS' }),
  ];
  assert.deepEqual(edsNames(clusters), ['cds_egress_bench_blue_http_8080', 'green-eds']);
});

test('weighted clusters read from the bytes of a RouteConfiguration, and the share of a marked cluster', () => {
  const rc = routes({
    name: 'rds_egress_http_15001',
    virtual_hosts: [
      { name: 'app', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { weighted_clusters: { clusters: [
        { name: 'cds_egress_bench_blue_http_8080', weight: { value: 30 } },
        { name: 'cds_egress_bench_green_http_8080', weight: { value: 70 } },
        { name: 'cds_egress_bench_zero_http_8080' },
      ] } } }] },
      { name: 'other', domains: ['other'], routes: [{ match: { prefix: '/' }, route: { cluster: 'solo' } }] },
    ],
  });
  assert.deepEqual(weightedClusters(rc), [
    { name: 'cds_egress_bench_blue_http_8080', weight: 30 },
    { name: 'cds_egress_bench_green_http_8080', weight: 70 },
    { name: 'cds_egress_bench_zero_http_8080', weight: 0 },
  ]);
  assert.equal(shareOf([rc], '_green_'), 0.7);
  assert.equal(shareOf([rc], '_red_'), 0);
  assert.equal(shareOf([routes({ name: 'empty', virtual_hosts: [] })], '_green_'), undefined);
  assert.equal(shareOf([], '_green_'), undefined);
});
