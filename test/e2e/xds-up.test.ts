/**
 * `meshwork up` as a real process: resources created with the App Mesh SDK and Cloud Map instances
 * registered with the Cloud Map SDK reach an ADS client; an UpdateRoute weight change reaches it as an
 * RDS push; `meshwork get proxies` lists it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AppMeshClient, type ServiceDiscovery, CreateMeshCommand, CreateRouteCommand, CreateVirtualNodeCommand, CreateVirtualRouterCommand, CreateVirtualServiceCommand, UpdateRouteCommand } from '@aws-sdk/client-app-mesh';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { TestAdsClient } from '../support/ads-client.js';
import { privateNamespace, register, service } from '../support/cloudmap-fixtures.js';
import { TEST_CREDENTIALS } from '../support/cloudmap-server.js';
import { runCli, startControlPlane } from '../support/meshwork-process.js';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL as EDS, CLUSTER_TYPE_URL as CDS, LISTENER_TYPE_URL as LDS, ROUTE_CONFIGURATION_TYPE_URL as RDS } from '../../src/xds-api/index.js';

const CONSUMER = 'mesh/webapp/virtualNode/consumer_consumer';
const MYAPP = 'myapp.consumer.svc.cluster.local';
const ROUTE_NAME = 'rds_egress_http_8085';

const routeSpec = (green: number, blue: number) => ({
  httpRoute: {
    match: { prefix: '/id' },
    action: { weightedTargets: [{ virtualNode: 'green-v1_green', weight: green, port: 8081 }, { virtualNode: 'blue-v1_blue', weight: blue, port: 8080 }] },
  },
});

test('meshwork up serves xDS built from the App Mesh and Cloud Map APIs, and pushes a route update', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshwork-xds-up-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const cp = await startControlPlane(t, dataDir);
  const xdsLine = /^xds listening on (\S+)$/m.exec(cp.output());
  assert.ok(xdsLine, `no xds line in: ${cp.output()}`);

  const sdk = { endpoint: cp.url, region: 'eu-central-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  const appmesh = new AppMeshClient(sdk);
  const cloudmap = new ServiceDiscoveryClient({ ...sdk, disableHostPrefix: true });
  t.after(() => {
    appmesh.destroy();
    cloudmap.destroy();
  });
  const ns = await privateNamespace(cloudmap, 'prod.eu');
  const myapp = await service(cloudmap, { Name: 'myapp', NamespaceId: ns, DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 300 }] } });
  await register(cloudmap, myapp, 'blue-v1-12', { AWS_INSTANCE_IPV4: '192.168.88.141', AWS_INSTANCE_PORT: '8080' });

  const meshName = 'webapp';
  await appmesh.send(new CreateMeshCommand({ meshName }));
  const node = (name: string, port: number, serviceDiscovery: ServiceDiscovery, backends: string[] = []) =>
    appmesh.send(
      new CreateVirtualNodeCommand({
        meshName,
        virtualNodeName: name,
        spec: {
          listeners: [{ portMapping: { port, protocol: 'http' } }],
          serviceDiscovery,
          backends: backends.map((virtualServiceName) => ({ virtualService: { virtualServiceName } })),
        },
      }),
    );
  await node('green-v1_green', 8081, { dns: { hostname: 'green-v1.green.svc.cluster.local' } });
  await node('blue-v1_blue', 8080, { awsCloudMap: { namespaceName: 'prod.eu', serviceName: 'myapp' } });
  await appmesh.send(new CreateVirtualRouterCommand({ meshName, virtualRouterName: 'app-router_consumer', spec: { listeners: [{ portMapping: { port: 8085, protocol: 'http' } }] } }));
  await appmesh.send(new CreateRouteCommand({ meshName, virtualRouterName: 'app-router_consumer', routeName: 'app-route', spec: routeSpec(50, 50) }));
  await appmesh.send(new CreateVirtualServiceCommand({ meshName, virtualServiceName: MYAPP, spec: { provider: { virtualRouter: { virtualRouterName: 'app-router_consumer' } } } }));
  await node('consumer_consumer', 8082, { dns: { hostname: 'consumer.consumer.svc.cluster.local' } }, [MYAPP]);

  const ads = new TestAdsClient(xdsLine[1]!);
  t.after(() => ads.close());
  ads.send({ node: { id: CONSUMER, cluster: CONSUMER }, type_url: CDS });
  const cds = await ads.next();
  assert.ok(cds.names.includes('cds_egress_webapp_blue-v1_blue_http_8080'));
  ads.send({ type_url: CDS, version_info: cds.version, response_nonce: cds.nonce });
  ads.send({ type_url: EDS, resource_names: ['cds_egress_webapp_blue-v1_blue_http_8080'] });
  const eds = await ads.next();
  const lb = (eds.resources[0] as { endpoints: { lb_endpoints: { endpoint: { address: { socket_address: { address: string; port_value: number } } } }[] }[] }).endpoints[0]!.lb_endpoints;
  assert.deepEqual(lb.map((e) => `${e.endpoint.address.socket_address.address}:${e.endpoint.address.socket_address.port_value}`), ['192.168.88.141:8080'], 'the Cloud Map instance, at its AWS_INSTANCE_PORT');
  ads.send({ type_url: EDS, version_info: eds.version, response_nonce: eds.nonce, resource_names: eds.names });
  ads.send({ type_url: LDS });
  const lds = await ads.next();
  ads.send({ type_url: LDS, version_info: lds.version, response_nonce: lds.nonce });
  ads.send({ type_url: RDS, resource_names: [ROUTE_NAME] });
  const rds = await ads.next();
  ads.send({ type_url: RDS, version_info: rds.version, response_nonce: rds.nonce, resource_names: [ROUTE_NAME] });

  const started = performance.now();
  await appmesh.send(new UpdateRouteCommand({ meshName, virtualRouterName: 'app-router_consumer', routeName: 'app-route', spec: routeSpec(0, 100) }));
  const pushed = await ads.next();
  const elapsed = performance.now() - started;
  assert.equal(pushed.typeUrl, RDS, 'a weight change goes out as RDS only');
  const weights = ((pushed.resources[0] as { virtual_hosts: { routes: { route: { weighted_clusters: { clusters: { name: string; weight: { value: number } }[] } } }[] }[] }).virtual_hosts[0]!.routes[0]!.route.weighted_clusters.clusters).map((c) => [c.name, c.weight.value]);
  assert.deepEqual(weights, [['cds_egress_webapp_green-v1_green_http_8081', 0], ['cds_egress_webapp_blue-v1_blue_http_8080', 100]]);
  t.diagnostic(`UpdateRoute request sent to RDS push received: ${elapsed.toFixed(1)} ms`);
  ads.send({ type_url: RDS, version_info: pushed.version, response_nonce: pushed.nonce, resource_names: [ROUTE_NAME] });

  const listed = await runCli(['get', 'proxies', '--server', cp.url]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, new RegExp(`^${CONSUMER}\\s+c1\\s+127\\.0\\.0\\.1\\s+transparent\\s+(SYNCED|PENDING)\\s`, 'm'));
});
