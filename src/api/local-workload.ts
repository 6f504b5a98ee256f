/**
 * A local workload: what a pod is on Kubernetes, run on this machine by `meshwork run` (or a gateway
 * proxy). Stored under kind `local.Workload`, key `<namespace>/<name>`, for as long as the runner holds
 * its registration open (see control-plane/workloads/registry.ts). Also the wire shapes of
 * `/meshwork/v1/workloads` (registration, placement target).
 */
import { z } from 'zod';
import { ValidationError, type Violation } from '../core/errors.js';
import type { LabelSelector } from './k8s/types.js';

export const WORKLOAD_KIND = 'local.Workload';

export const WORKLOAD_HEALTH = ['HEALTHY', 'UNHEALTHY', 'UNKNOWN'] as const;
export type WorkloadHealth = (typeof WORKLOAD_HEALTH)[number];

/** The App Mesh resource whose proxy the workload runs (`mesh/<mesh>/virtualNode/<name>`). */
export interface WorkloadNode {
  readonly meshName: string;
  readonly kind: 'virtualNode' | 'virtualGateway';
  readonly name: string;
}

export interface WorkloadPort {
  /** The virtual node's listener port, served by the sidecar on the workload's address. */
  readonly port: number;
  readonly protocol: string;
  /** Where the app itself listens (the private `$PORT`). */
  readonly appPort?: number;
}

export interface Workload {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The workload's own loopback address, its "pod IP". */
  readonly address: string;
  readonly ports: readonly WorkloadPort[];
  readonly health: WorkloadHealth;
  /** Process id of the runner that holds the registration. */
  readonly pid: number;
  readonly node?: WorkloadNode;
  /** ISO 8601 time of registration. */
  readonly registeredAt: string;
}

export interface PlacementListener {
  readonly port: number;
  readonly protocol: string;
  /** The listener declares a healthCheck: the app must accept connections before the workload is ready. */
  readonly healthChecked?: boolean;
}

/** A virtual node or virtual gateway that came from a Kubernetes manifest. */
export interface PlacementTarget {
  readonly node: WorkloadNode;
  /** The manifest's metadata.name (the base for instance names: `green-v1` → `green-v1-1`). */
  readonly k8sName: string;
  readonly namespace: string;
  readonly podSelector?: LabelSelector;
  readonly listeners: readonly PlacementListener[];
  /** `serviceDiscovery.awsCloudMap` of a virtual node, when it uses Cloud Map. */
  readonly cloudMap?: { readonly namespaceName: string; readonly serviceName: string; readonly attributes: Readonly<Record<string, string>> };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const registrationSchema = z.strictObject({
  namespace: z.string().max(63).regex(DNS_LABEL, 'must be a DNS label (lower-case letters, digits and -)'),
  name: z.string().min(1).max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS subdomain name'),
  labels: z.record(z.string().min(1).max(317), z.string().max(63)).default({}),
  address: z.ipv4(),
  ports: z
    .array(
      z.strictObject({
        port: z.int().min(1).max(65535),
        protocol: z.string().min(1),
        appPort: z.int().min(1).max(65535).optional(),
      }),
    )
    .default([]),
  health: z.enum(WORKLOAD_HEALTH).default('HEALTHY'),
  pid: z.int().min(1),
  node: z
    .strictObject({ meshName: z.string().min(1), kind: z.enum(['virtualNode', 'virtualGateway']), name: z.string().min(1) })
    .optional(),
});

export type WorkloadRegistration = Omit<Workload, 'registeredAt'>;

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** Parses a registration request body; every problem is reported with its field path. */
export function parseRegistration(input: unknown): WorkloadRegistration {
  const result = registrationSchema.safeParse(input);
  if (!result.success) {
    const violations: Violation[] = result.error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }));
    throw new ValidationError(violations, { subject: 'workload registration' });
  }
  const { node, ...rest } = result.data;
  const ports = rest.ports.map((p) => (p.appPort === undefined ? { port: p.port, protocol: p.protocol } : { port: p.port, protocol: p.protocol, appPort: p.appPort }));
  return node === undefined ? { ...rest, ports } : { ...rest, ports, node };
}

export function workloadKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
