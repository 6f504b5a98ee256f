import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertGolden } from '../../../../test/support/golden.js';
import { endpoint, FixtureEndpoints, type FixtureResource } from '../../../../test/support/mesh-fixture.js';
import { build, snapshotJson } from '../../../../test/support/snapshot.js';
import type { Json } from './model.js';
import {
  CLUSTER_LOAD_ASSIGNMENT_TYPE_URL,
  CLUSTER_TYPE_URL,
  decodeAny,
  encodeAny,
  LISTENER_TYPE_URL,
  ROUTE_CONFIGURATION_TYPE_URL,
} from '../../../xds-api/index.js';

const ms = (value: number) => ({ unit: 'ms', value });
const s = (value: number) => ({ unit: 's', value });

function vn(name: string, spec: unknown): FixtureResource {
  return { kind: 'VirtualNode', name, spec };
}
function vs(name: string, provider: unknown): FixtureResource {
  return { kind: 'VirtualService', name, spec: { provider } };
}

const server = vn('server', {
  listeners: [
    {
      portMapping: { port: 8080, protocol: 'http' },
      healthCheck: { protocol: 'http', path: '/healthz', healthyThreshold: 3, unhealthyThreshold: 2, timeoutMillis: 2500, intervalMillis: 10000 },
      timeout: { http: { perRequest: s(30), idle: s(300) } },
      connectionPool: { http: { maxConnections: 50, maxPendingRequests: 10 } },
      outlierDetection: { maxServerErrors: 5, interval: s(10), baseEjectionDuration: s(30), maxEjectionPercent: 50 },
    },
    {
      portMapping: { port: 9090, protocol: 'grpc' },
      healthCheck: { protocol: 'grpc', healthyThreshold: 2, unhealthyThreshold: 2, timeoutMillis: 2000, intervalMillis: 5000 },
      timeout: { grpc: { perRequest: ms(2500) } },
      connectionPool: { grpc: { maxRequests: 100 } },
    },
    {
      portMapping: { port: 5432, protocol: 'tcp' },
      healthCheck: { protocol: 'tcp', healthyThreshold: 2, unhealthyThreshold: 2, timeoutMillis: 2000, intervalMillis: 5000 },
      timeout: { tcp: { idle: s(60) } },
      connectionPool: { tcp: { maxConnections: 20 } },
    },
  ],
  serviceDiscovery: { awsCloudMap: { namespaceName: 'ns', serviceName: 'server', attributes: [{ key: 'stage', value: 'prod' }] } },
});

const routes: FixtureResource[] = [
  {
    kind: 'Route',
    name: 'http-everything',
    parentName: 'r',
    spec: {
      priority: 10,
      httpRoute: {
        match: {
          path: { exact: '/exact' },
          method: 'POST',
          scheme: 'https',
          port: 8080,
          headers: [
            { name: 'x-exact', match: { exact: 'a' } },
            { name: 'x-prefix', match: { prefix: 'b' } },
            { name: 'x-suffix', match: { suffix: 'c' } },
            { name: 'x-regex', match: { regex: '^d+$' } },
            { name: 'x-range', match: { range: { start: 1, end: 10 } } },
            { name: 'x-present' },
            { name: 'x-not', invert: true, match: { exact: 'no' } },
          ],
          queryParameters: [{ name: 'q', match: { exact: 'v' } }, { name: 'flag' }],
        },
        action: { weightedTargets: [{ virtualNode: 'server', weight: 1, port: 8080 }] },
        retryPolicy: {
          httpRetryEvents: ['server-error', 'gateway-error', 'client-error', 'stream-error'],
          tcpRetryEvents: ['connection-error'],
          maxRetries: 3,
          perRetryTimeout: ms(500),
        },
        timeout: { perRequest: s(5), idle: s(60) },
      },
    },
  },
  {
    kind: 'Route',
    name: 'http-regex',
    parentName: 'r',
    spec: { priority: 20, httpRoute: { match: { path: { regex: '/items/[0-9]+' }, port: 8080 }, action: { weightedTargets: [{ virtualNode: 'server', weight: 1, port: 8080 }] } } },
  },
  {
    kind: 'Route',
    name: 'a-unprioritised',
    parentName: 'r',
    spec: { httpRoute: { match: { prefix: '/', port: 8080 }, action: { weightedTargets: [{ virtualNode: 'server', weight: 1, port: 8080 }] } } },
  },
  {
    kind: 'Route',
    name: 'grpc-method',
    parentName: 'r',
    spec: {
      priority: 1,
      grpcRoute: {
        match: { serviceName: 'pkg.Svc', methodName: 'Get', port: 9090, metadata: [{ name: 'tenant', match: { exact: 't1' } }] },
        action: { weightedTargets: [{ virtualNode: 'server', weight: 1, port: 9090 }] },
        retryPolicy: { grpcRetryEvents: ['unavailable', 'deadline-exceeded'], maxRetries: 2, perRetryTimeout: s(1) },
        timeout: { perRequest: s(3) },
      },
    },
  },
  {
    kind: 'Route',
    name: 'grpc-service',
    parentName: 'r',
    spec: { priority: 2, grpcRoute: { match: { serviceName: 'pkg.Svc', port: 9090 }, action: { weightedTargets: [{ virtualNode: 'server', weight: 1, port: 9090 }] } } },
  },
  {
    kind: 'Route',
    name: 'tcp',
    parentName: 'r',
    spec: { tcpRoute: { match: { port: 5432 }, action: { weightedTargets: [{ virtualNode: 'server', weight: 1, port: 5432 }] }, timeout: { idle: s(120) } } },
  },
];

function featureMesh(egress: 'ALLOW_ALL' | 'DROP_ALL'): FixtureResource[] {
  return [
    { kind: 'Mesh', name: 'm', spec: { egressFilter: { type: egress } } },
    server,
    vn('client', { listeners: [{ portMapping: { port: 8000, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'client.local' } }, backends: [{ virtualService: { virtualServiceName: 'svc.local' } }] }),
    { kind: 'VirtualRouter', name: 'r', spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }, { portMapping: { port: 9090, protocol: 'grpc' } }, { portMapping: { port: 5432, protocol: 'tcp' } }] } },
    ...routes,
    vs('svc.local', { virtualRouter: { virtualRouterName: 'r' } }),
  ];
}

function serverEndpoints(): FixtureEndpoints {
  const eps = new FixtureEndpoints();
  eps.cloudMap.set('ns/server', [
    { ...endpoint('10.0.0.1', 'i-1'), attributes: { stage: 'prod' } },
    { ...endpoint('10.0.0.2', 'i-2'), attributes: { stage: 'dev' } },
  ]);
  return eps;
}

describe('snapshot builder: listener, route and cluster features', () => {
  it('virtual node listeners: health checks, timeouts, connection pools, several ports', () => {
    const snap = build(featureMesh('DROP_ALL'), 'mesh/m/virtualNode/server', {}, serverEndpoints());
    const ingress = snap.listeners.get('lds_ingress_0.0.0.0_15000') as Json;
    assert.equal((ingress['filter_chains'] as unknown[]).length, 3);
    assertGolden(import.meta.url, 'feature-node-listeners', snapshotJson(snap));
  });

  it('virtual node listeners in local mode bind each listener port', () => {
    const snap = build(featureMesh('DROP_ALL'), 'mesh/m/virtualNode/server', { MESHWORK_INTERCEPTION: 'local', MESHWORK_APP_PORTS: { '8080': 18080 }, MESHWORK_APP_HOST: '127.0.0.9' });
    assert.deepEqual([...snap.listeners.keys()].sort(), ['lds_egress_0.0.0.0_15001', 'lds_ingress_0.0.0.0_5432', 'lds_ingress_0.0.0.0_8080', 'lds_ingress_0.0.0.0_9090']);
    assertGolden(import.meta.url, 'feature-node-listeners-local', snapshotJson(snap));
  });

  it('router routes: matches, retries, timeouts, gRPC and TCP, priority order, Cloud Map attributes', () => {
    const snap = build(featureMesh('DROP_ALL'), 'mesh/m/virtualNode/client', {}, serverEndpoints());
    const http = snap.routes.get('rds_egress_http_8080') as { virtual_hosts: { routes: { name: string }[] }[] };
    assert.deepEqual(http.virtual_hosts[0]!.routes.map((r) => r.name), ['http-everything', 'http-regex', 'a-unprioritised']);
    assert.equal(snap.listeners.get('lds_egress_0.0.0.0_15001')?.['default_filter_chain'], undefined, 'DROP_ALL has no pass-through chain');
    assertGolden(import.meta.url, 'feature-router-routes', snapshotJson(snap));
  });

  it('mesh egress filter ALLOW_ALL: pass-through chain and virtual host', () => {
    const snap = build(featureMesh('ALLOW_ALL'), 'mesh/m/virtualNode/client', {}, serverEndpoints());
    assert.ok(snap.clusters.has('cds_egress_m_mesh-allow-all'));
    assertGolden(import.meta.url, 'feature-allow-all-transparent', snapshotJson(snap));
    const local = build(featureMesh('ALLOW_ALL'), 'mesh/m/virtualNode/client', { MESHWORK_INTERCEPTION: 'local' }, serverEndpoints());
    assertGolden(import.meta.url, 'feature-allow-all-local', snapshotJson(local));
  });

  it('DNS discovery: names Meshwork does not serve become LOGICAL_DNS or STRICT_DNS clusters', () => {
    const resources: FixtureResource[] = [
      { kind: 'Mesh', name: 'm', spec: {} },
      vn('lb', { listeners: [{ portMapping: { port: 80, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'lb.example.com' } } }),
      vn('eps', { listeners: [{ portMapping: { port: 81, protocol: 'http2' } }], serviceDiscovery: { dns: { hostname: 'eps.example.com', responseType: 'ENDPOINTS' } } }),
      vs('lb.svc', { virtualNode: { virtualNodeName: 'lb' } }),
      vs('eps.svc', { virtualNode: { virtualNodeName: 'eps' } }),
      vn('client', { backends: [{ virtualService: { virtualServiceName: 'lb.svc' } }, { virtualService: { virtualServiceName: 'eps.svc' } }] }),
    ];
    const snap = build(resources, 'mesh/m/virtualNode/client');
    assert.equal(snap.clusters.get('cds_egress_m_lb_http_80')?.['type'], 'LOGICAL_DNS');
    assert.equal(snap.clusters.get('cds_egress_m_eps_http2_81')?.['type'], 'STRICT_DNS');
    assertGolden(import.meta.url, 'feature-dns-clusters', snapshotJson(snap));
  });

  it('gateway routes: hostname, headers, query, rewrites, gRPC', () => {
    const target = (virtualServiceName: string) => ({ virtualService: { virtualServiceName } });
    const resources: FixtureResource[] = [
      ...featureMesh('DROP_ALL'),
      { kind: 'VirtualGateway', name: 'gw', spec: { listeners: [{ portMapping: { port: 8088, protocol: 'http' } }] } },
      {
        kind: 'GatewayRoute',
        name: 'exact-host',
        parentName: 'gw',
        spec: {
          priority: 1,
          httpRoute: {
            match: { prefix: '/api/', hostname: { exact: 'api.example.com' }, headers: [{ name: 'x-v', match: { exact: '2' } }], queryParameters: [{ name: 'debug' }], method: 'GET' },
            action: { target: target('svc.local'), rewrite: { prefix: { value: '/v2/' }, hostname: { defaultTargetHostname: 'DISABLED' } } },
          },
        },
      },
      {
        kind: 'GatewayRoute',
        name: 'suffix-host',
        parentName: 'gw',
        spec: { priority: 2, httpRoute: { match: { prefix: '/shop/', hostname: { suffix: '.example.com' } }, action: { target: target('svc.local') } } },
      },
      {
        kind: 'GatewayRoute',
        name: 'keep-prefix',
        parentName: 'gw',
        spec: { priority: 3, httpRoute: { match: { prefix: '/keep/' }, action: { target: target('svc.local'), rewrite: { prefix: { defaultPrefix: 'DISABLED' } } } } },
      },
      {
        kind: 'GatewayRoute',
        name: 'path',
        parentName: 'gw',
        spec: { priority: 4, http2Route: { match: { path: { exact: '/old' } }, action: { target: target('svc.local'), rewrite: { path: { exact: '/new' } } } } },
      },
      {
        kind: 'GatewayRoute',
        name: 'grpc',
        parentName: 'gw',
        spec: { priority: 5, grpcRoute: { match: { serviceName: 'pkg.Svc', metadata: [{ name: 'tenant', match: { prefix: 't' } }] }, action: { target: target('svc.local') } } },
      },
    ];
    const snap = build(resources, 'mesh/m/virtualGateway/gw', { MESHWORK_ADDRESS: '127.0.0.5' }, serverEndpoints());
    const routeNames = (snap.routes.get('rds_ingress_http_8088') as { virtual_hosts: { routes: { name: string }[] }[] }).virtual_hosts[0]!.routes.map((r) => r.name);
    assert.deepEqual(routeNames, ['exact-host', 'suffix-host', 'keep-prefix', 'path', 'grpc']);
    assertGolden(import.meta.url, 'feature-gateway-routes', snapshotJson(snap));
  });

  it('every resource encodes as its Envoy v3 message', () => {
    const snap = build(featureMesh('ALLOW_ALL'), 'mesh/m/virtualNode/client', {}, serverEndpoints());
    const gw = build(featureMesh('ALLOW_ALL'), 'mesh/m/virtualNode/server', { MESHWORK_INTERCEPTION: 'local' }, serverEndpoints());
    for (const s of [snap, gw]) {
      for (const l of [...s.listeners.values(), ...s.apiListeners.values()]) decodeAny(encodeAny(LISTENER_TYPE_URL, l));
      for (const r of s.routes.values()) decodeAny(encodeAny(ROUTE_CONFIGURATION_TYPE_URL, r));
      for (const c of s.clusters.values()) decodeAny(encodeAny(CLUSTER_TYPE_URL, c));
      for (const e of s.endpoints.values()) decodeAny(encodeAny(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, e));
    }
  });

  it('proxyless gRPC: API listeners per backend service port', () => {
    const snap = build(featureMesh('DROP_ALL'), 'mesh/m/virtualNode/client', {}, serverEndpoints());
    assert.deepEqual([...snap.apiListeners.keys()].sort(), ['svc.local', 'svc.local:8080', 'svc.local:9090']);
    assert.equal((snap.endpoints.get('cds_egress_m_server_http_8080') as { endpoints: { lb_endpoints: unknown[] }[] }).endpoints[0]!.lb_endpoints.length, 1, 'attribute filter applies');
  });

  it('access logs: the node\'s logging.accessLog on every HTTP connection manager and TCP proxy', () => {
    const logged = (logging: unknown): FixtureResource[] =>
      featureMesh('DROP_ALL').map((r) => (r.kind === 'VirtualNode' && r.name === 'server' ? { ...r, spec: { ...(r.spec as object), logging } } : r));
    type Filter = { name: string; typed_config: { access_log?: { typed_config: Json }[] } };
    const accessLogs = (snap: ReturnType<typeof build>) =>
      [...snap.listeners.values()].flatMap((l) => (l['filter_chains'] as { filters: Filter[] }[]).flatMap((c) => c.filters.map((f) => [f.name, f.typed_config.access_log?.[0]?.typed_config])));

    const text = build(logged({ accessLog: { file: { path: '/dev/stdout' } } }), 'mesh/m/virtualNode/server', {}, serverEndpoints());
    const found = accessLogs(text);
    assert.equal(found.length, 3, 'one filter per ingress port: http, grpc and tcp');
    for (const [, config] of found) {
      assert.deepEqual(config, { '@type': 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog', path: '/dev/stdout' });
    }
    assert.ok(found.some(([name]) => name === 'envoy.filters.network.tcp_proxy'), 'the TCP listener logs too');

    const custom = build(logged({ accessLog: { file: { path: '/tmp/a.log', format: { text: '%RESPONSE_CODE% %REQ(:PATH)%\n' } } } }), 'mesh/m/virtualNode/server');
    assert.deepEqual(accessLogs(custom)[0]![1], {
      '@type': 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog',
      path: '/tmp/a.log',
      log_format: { text_format_source: { inline_string: '%RESPONSE_CODE% %REQ(:PATH)%\n' } },
    });

    const json = build(logged({ accessLog: { file: { path: '/tmp/a.json', format: { json: [{ key: 'code', value: '%RESPONSE_CODE%' }] } } } }), 'mesh/m/virtualNode/server');
    const jsonLog = accessLogs(json)[0]![1] as { log_format: unknown };
    assert.deepEqual(jsonLog.log_format, { json_format: { fields: { code: { stringValue: '%RESPONSE_CODE%' } } } });
    for (const l of json.listeners.values()) decodeAny(encodeAny(LISTENER_TYPE_URL, l));

    const client = featureMesh('DROP_ALL').map((r) =>
      r.kind === 'VirtualNode' && r.name === 'client' ? { ...r, spec: { ...(r.spec as object), logging: { accessLog: { file: { path: '/dev/stdout' } } } } } : r,
    );
    const egress = accessLogs(build(client, 'mesh/m/virtualNode/client', {}, serverEndpoints()));
    assert.ok(egress.length > 0 && egress.every(([, config]) => (config as { path?: string } | undefined)?.path === '/dev/stdout'), 'egress chains log');

    const none = build(featureMesh('DROP_ALL'), 'mesh/m/virtualNode/server');
    assert.ok(accessLogs(none).every(([, config]) => config === undefined), 'no logging spec, no access log');
  });

  it('unknown node: no resources; bad identity: a precise error', () => {
    const snap = build(featureMesh('DROP_ALL'), 'mesh/m/virtualNode/nobody');
    assert.equal(snap.listeners.size + snap.clusters.size, 0);
    assert.throws(() => build([], 'webapp/green'), /node\.id: expected mesh\/<mesh>\/virtualNode\/<name> .*got 'webapp\/green'/);
  });
});
