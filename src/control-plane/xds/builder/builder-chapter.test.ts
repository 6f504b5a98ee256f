import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as chapter from '../../../../test/support/chapter.js';
import { assertGolden } from '../../../../test/support/golden.js';
import { endpoint, FixtureEndpoints } from '../../../../test/support/mesh-fixture.js';
import { build, snapshotJson } from '../../../../test/support/snapshot.js';

const CONSUMER = 'mesh/webapp/virtualNode/consumer_consumer';

function localEndpoints(): FixtureEndpoints {
  const eps = new FixtureEndpoints();
  eps.dns.set('green-v1.green.svc.cluster.local', [endpoint('127.0.1.1', 'green-v1-a')]);
  eps.dns.set('blue-v1.blue.svc.cluster.local', [endpoint('127.0.2.1', 'blue-v1-a'), endpoint('127.0.2.2', 'blue-v1-b', 'UNHEALTHY')]);
  return eps;
}

describe('snapshot builder: the chapter, step by step', () => {
  it('plain virtual nodes: ingress only, no egress without backends', () => {
    const snap = build(chapter.plainNodes(), 'mesh/webapp/virtualNode/green-v1_green');
    assert.deepEqual([...snap.listeners.keys()], ['lds_ingress_0.0.0.0_15000']);
    assertGolden(import.meta.url, 'chapter-1-plain-node-green', snapshotJson(snap));
  });

  it('virtual services: the consumer gets one virtual host per backend', () => {
    const snap = build(chapter.virtualServices(), CONSUMER);
    assert.deepEqual([...snap.routes.keys()].sort(), ['rds_egress_http_8080', 'rds_egress_http_8081', 'rds_ingress_http_8082']);
    assertGolden(import.meta.url, 'chapter-2-virtual-services-consumer', snapshotJson(snap));
  });

  it('virtual services in local mode, endpoints from local workloads', () => {
    const snap = build(chapter.virtualServices(), CONSUMER, { MESHWORK_INTERCEPTION: 'local', MESHWORK_APP_PORTS: { '8082': 40123 } }, localEndpoints());
    assertGolden(import.meta.url, 'chapter-2-virtual-services-consumer-local', snapshotJson(snap));
  });

  it('router at 100/0', () => {
    assertGolden(import.meta.url, 'chapter-3-router-100-0', snapshotJson(build(chapter.router(100, 0), CONSUMER)));
  });

  it('router at 50/50: only the weights differ', () => {
    const a = snapshotJson(build(chapter.router(100, 0), CONSUMER)) as { routes: Record<string, unknown> };
    const b = snapshotJson(build(chapter.router(50, 50), CONSUMER)) as { routes: Record<string, unknown> };
    assert.notDeepEqual(a.routes['rds_egress_http_8085'], b.routes['rds_egress_http_8085']);
    assert.deepEqual({ ...a, routes: {} }, { ...b, routes: {} });
    assertGolden(import.meta.url, 'chapter-4-router-50-50', snapshotJson(build(chapter.router(50, 50), CONSUMER)));
  });

  it('virtual gateway', () => {
    const snap = build(chapter.gateway(), 'arn:aws:appmesh:eu-central-1:112233:mesh/webapp/virtualGateway/in-gw_internet');
    assertGolden(import.meta.url, 'chapter-5-gateway', snapshotJson(snap));
  });

  it('Cloud Map discovery: EDS with instance ports and health', () => {
    const eps = new FixtureEndpoints();
    eps.cloudMap.set('prod.eu/myapp', [endpoint('192.168.88.141', 'blue-v1-12'), endpoint('192.168.88.142', 'blue-v1-13', 'UNHEALTHY', 9080)]);
    const snap = build(chapter.cloudMap(), CONSUMER, {}, eps);
    assertGolden(import.meta.url, 'chapter-6-cloud-map', snapshotJson(snap));
  });
});
