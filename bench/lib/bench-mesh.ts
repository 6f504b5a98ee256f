/**
 * The mesh the Meshwork data-plane rows run on, created on a real `meshwork up` as a user creates it:
 * through the App Mesh and Cloud Map APIs with the AWS SDK. Mesh `bench`; virtual node `app` with an
 * HTTP listener on the upstream's port, discovered through Cloud Map (HTTP namespace `bench.local`,
 * service `app`); virtual service `app.bench.local` provided by `app`; virtual node `consumer` whose
 * backend is that virtual service. The `app` instance is registered at `endpoint` (AWS_INSTANCE_IPV4 /
 * AWS_INSTANCE_PORT): the upstream itself for one hop, the provider's sidecar for two.
 */
import { AppMeshClient, CreateMeshCommand, CreateVirtualNodeCommand, CreateVirtualServiceCommand } from '@aws-sdk/client-app-mesh';
import {
  CreateHttpNamespaceCommand, CreateServiceCommand, GetOperationCommand, RegisterInstanceCommand, ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';
import { UnavailableError } from '../../src/core/errors.js';
import type { Listen } from './peer-configs.js';

export const MESH = 'bench';
export const APP_NODE = 'app';
export const CONSUMER_NODE = 'consumer';
export const SERVICE = 'app.bench.local';
const NAMESPACE = 'bench.local';

/** `mesh/bench/virtualNode/<name>`, the `--node` of a proxy. */
export function benchNodeId(name: string): string {
  return `mesh/${MESH}/virtualNode/${name}`;
}

/** Egress cluster of the consumer towards `app` (`cds_egress_bench_app_http_<port>`). */
export function egressCluster(port: number): string {
  return `cds_egress_${MESH}_${APP_NODE}_http_${port}`;
}

/** Ingress cluster of `app`'s sidecar towards the app (`cds_ingress_bench_app_http_<port>`). */
export function ingressCluster(port: number): string {
  return `cds_ingress_${MESH}_${APP_NODE}_http_${port}`;
}

async function succeeded(cloudMap: ServiceDiscoveryClient, operationId: string | undefined, what: string): Promise<Record<string, string>> {
  const { Operation } = await cloudMap.send(new GetOperationCommand({ OperationId: operationId }));
  if (Operation?.Status !== 'SUCCESS') throw new UnavailableError(`${what}: Cloud Map operation ${String(operationId)} is ${String(Operation?.Status)}`);
  return Operation.Targets ?? {};
}

/** Creates the mesh on the control plane at `httpUrl`, with `app` on `appPort` and its instance at `endpoint`. */
export async function createBenchMesh(httpUrl: string, appPort: number, endpoint: Listen): Promise<void> {
  const common = { endpoint: httpUrl, region: 'us-west-2', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 };
  const appMesh = new AppMeshClient(common);
  const cloudMap = new ServiceDiscoveryClient({ ...common, disableHostPrefix: true });
  try {
    const ns = await cloudMap.send(new CreateHttpNamespaceCommand({ Name: NAMESPACE }));
    const namespaceId = (await succeeded(cloudMap, ns.OperationId, `namespace ${NAMESPACE}`))['NAMESPACE'];
    const { Service } = await cloudMap.send(new CreateServiceCommand({ Name: APP_NODE, NamespaceId: namespaceId }));
    const registered = await cloudMap.send(new RegisterInstanceCommand({
      ServiceId: Service?.Id, InstanceId: `${APP_NODE}-0`, Attributes: { AWS_INSTANCE_IPV4: endpoint.host, AWS_INSTANCE_PORT: String(endpoint.port) },
    }));
    await succeeded(cloudMap, registered.OperationId, `instance ${APP_NODE}-0`);
    await appMesh.send(new CreateMeshCommand({ meshName: MESH }));
    await appMesh.send(new CreateVirtualNodeCommand({
      meshName: MESH,
      virtualNodeName: APP_NODE,
      spec: { listeners: [{ portMapping: { port: appPort, protocol: 'http' } }], serviceDiscovery: { awsCloudMap: { namespaceName: NAMESPACE, serviceName: APP_NODE } } },
    }));
    await appMesh.send(new CreateVirtualServiceCommand({ meshName: MESH, virtualServiceName: SERVICE, spec: { provider: { virtualNode: { virtualNodeName: APP_NODE } } } }));
    await appMesh.send(new CreateVirtualNodeCommand({ meshName: MESH, virtualNodeName: CONSUMER_NODE, spec: { backends: [{ virtualService: { virtualServiceName: SERVICE } }] } }));
  } finally {
    appMesh.destroy();
    cloudMap.destroy();
  }
}
