/**
 * What the xDS layer needs from service discovery: the endpoints behind a virtual node's
 * `serviceDiscovery`, and a signal when they may have changed.
 *
 * Implemented by the Cloud Map registry (awsCloudMap discovery, and names in DNS namespaces) and by
 * local mode (Kubernetes Service names such as `green-v1.green.svc.cluster.local` that pick local
 * workloads). The xDS layer only reads through this interface.
 */

export type EndpointHealth = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';

export interface DiscoveredEndpoint {
  /** An IP literal (IPv4 or IPv6). */
  readonly address: string;
  /** `AWS_INSTANCE_PORT` when the instance has one; otherwise undefined (the caller uses the listener port). */
  readonly port?: number;
  readonly health: EndpointHealth;
  /** Instance id (Cloud Map) or workload name (local mode). */
  readonly instanceId: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface CloudMapQuery {
  readonly namespaceName: string;
  readonly serviceName: string;
  /** Only instances whose attributes contain all of these key/values. */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface EndpointSource {
  /** Instances of a Cloud Map service; empty when the namespace or service does not exist. */
  cloudMapEndpoints(query: CloudMapQuery): DiscoveredEndpoint[];
  /**
   * Addresses behind a DNS hostname that Meshwork itself serves (Cloud Map DNS namespaces and local-mode
   * Kubernetes Service names). `undefined` when the name is not one Meshwork answers for, so the caller
   * falls back to real DNS resolution.
   */
  dnsEndpoints(hostname: string): DiscoveredEndpoint[] | undefined;
  /** Called (possibly coalesced) whenever any endpoint or health may have changed. Returns unsubscribe. */
  onChange(listener: () => void): () => void;
}
