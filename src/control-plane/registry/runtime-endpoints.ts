/**
 * The control plane's one EndpointSource: Cloud Map instances and the names Meshwork's DNS serves,
 * including Kubernetes Service names that pick running local workloads.
 */
import type { RuntimeContext } from '../runtime.js';
import { StoreZoneSource } from '../dns/store-zones.js';
import { localWorkloadsFor } from '../workloads/setup.js';
import type { EndpointSource } from './endpoints.js';
import { RegistryEndpointSource } from './registry-endpoints.js';

export function endpointSourceFor(ctx: RuntimeContext): EndpointSource {
  return new RegistryEndpointSource(ctx.store, new StoreZoneSource(ctx.store, { workloads: localWorkloadsFor(ctx) }));
}
