/**
 * Cloud Map registration of local workloads whose virtual node uses `serviceDiscovery.awsCloudMap`, as
 * App Mesh's controller does for pods (reference appmesh-api-and-crds.md §3.3): one instance per
 * workload, id = its address, custom health HEALTHY, with the pod's labels, the node's discovery
 * attributes, `AWS_INSTANCE_IPV4`, `AWS_INSTANCE_PORT` (the first listener port), `k8s.io/pod`,
 * `k8s.io/namespace`, `appmesh.k8s.aws/mesh`, `appmesh.k8s.aws/virtualNode`, `REGION` and
 * `AVAILABILITY_ZONE`. The Cloud Map service is created when missing (private DNS namespace:
 * MULTIVALUE A records, TTL 300; custom health check, failure threshold 1); the namespace must exist.
 * Instances go through the same registry operations as the Cloud Map API's RegisterInstance and
 * DeregisterInstance, so they show up there and in DNS like any other.
 */
import { NotFoundError } from '../../core/errors.js';
import type { Workload, WorkloadNode } from '../../api/local-workload.js';
import { instancesOf, namespaceByName, serviceByName, type RegistryContext } from '../registry/context.js';
import { deregisterInstance, registerInstance } from '../registry/instances.js';
import { ATTR, CLOUDMAP_KINDS, isDnsNamespace, type ServiceRecord } from '../registry/model.js';
import { createService } from '../registry/services.js';
import type { PlacementTarget } from './placement.js';
import type { WorkloadListener } from './registry.js';

/** Marks the instances local mode registered, so they can be found again after a restart. */
export const WORKLOAD_ATTRIBUTE = 'meshwork.io/local-workload';

export type CloudMapTarget = NonNullable<PlacementTarget['cloudMap']>;

/** The awsCloudMap discovery of a workload's virtual node, or undefined when it uses none. */
export type CloudMapLookup = (node: WorkloadNode) => CloudMapTarget | undefined;

export class CloudMapWorkloadRegistration implements WorkloadListener {
  readonly #ctx: RegistryContext;
  readonly #lookup: CloudMapLookup;

  constructor(ctx: RegistryContext, lookup: CloudMapLookup) {
    this.#ctx = ctx;
    this.#lookup = lookup;
  }

  async onRegistered(w: Workload): Promise<void> {
    const target = w.node && this.#lookup(w.node);
    if (!target) return;
    const service = await this.#service(w.node!, target);
    const attributes: Record<string, string> = {
      ...w.labels,
      ...target.attributes,
      [ATTR.ipv4]: w.address,
      ...(w.ports[0] !== undefined && { [ATTR.port]: String(w.ports[0].port) }),
      'k8s.io/pod': w.name,
      'k8s.io/namespace': w.namespace,
      'appmesh.k8s.aws/mesh': w.node!.meshName,
      'appmesh.k8s.aws/virtualNode': w.node!.name,
      REGION: this.#ctx.identity.region,
      AVAILABILITY_ZONE: 'local',
      [WORKLOAD_ATTRIBUTE]: `${w.namespace}/${w.name}`,
    };
    await registerInstance(this.#ctx, { ServiceId: service.Id, InstanceId: w.address, Attributes: attributes });
  }

  async onDeregistered(w: Workload): Promise<void> {
    for (const instance of this.#instancesOf(`${w.namespace}/${w.name}`)) {
      await deregisterInstance(this.#ctx, instance.ServiceId, instance.Id);
    }
  }

  /** Deregisters every instance local mode registered (start-up, after the workloads were dropped). */
  async purge(): Promise<void> {
    for (const instance of this.#instancesOf(undefined)) await deregisterInstance(this.#ctx, instance.ServiceId, instance.Id);
  }

  #instancesOf(workload: string | undefined) {
    return this.#ctx.store
      .list<ServiceRecord>(CLOUDMAP_KINDS.service)
      .flatMap((s) => instancesOf(this.#ctx.store, s.value.Id))
      .filter((i) => (workload === undefined ? i.Attributes[WORKLOAD_ATTRIBUTE] !== undefined : i.Attributes[WORKLOAD_ATTRIBUTE] === workload));
  }

  async #service(node: WorkloadNode, target: CloudMapTarget): Promise<{ Id: string }> {
    const ns = namespaceByName(this.#ctx.store, target.namespaceName);
    if (!ns) {
      throw new NotFoundError(
        `Cloud Map namespace ${target.namespaceName} of VirtualNode ${node.name} (serviceDiscovery.awsCloudMap.namespaceName) does not exist; create it first, e.g. aws servicediscovery create-private-dns-namespace --name ${target.namespaceName} --vpc local`,
      );
    }
    const existing = serviceByName(this.#ctx.store, ns.Id, target.serviceName);
    if (existing) return existing;
    return createService(this.#ctx, {
      Name: target.serviceName,
      NamespaceId: ns.Id,
      HealthCheckCustomConfig: { FailureThreshold: 1 },
      ...(isDnsNamespace(ns) && { DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 300 }] } }),
    });
  }
}
