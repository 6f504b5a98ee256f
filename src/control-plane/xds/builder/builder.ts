/**
 * The snapshot builder: (mesh view, endpoints, proxy identity) → the proxy's Envoy v3 resources.
 * Pure; each concern is a generator, run in registration order (API listeners last: they refer to the
 * egress route configurations).
 */
import { accessLogGenerator } from './access-log.js';
import { apiListenerGenerator } from './api-listeners.js';
import { egressGenerator } from './egress.js';
import { gatewayGenerator } from './gateway.js';
import { ingressGenerator } from './ingress.js';
import { emptyResources, type BuildContext, type ResourceGenerator, type XdsResources } from './model.js';

const generators: ResourceGenerator[] = [];

export function registerGenerator(generator: ResourceGenerator): void {
  if (generators.some((g) => g.name === generator.name)) throw new Error(`generator ${generator.name} already registered`);
  generators.push(generator);
}

for (const g of [ingressGenerator, egressGenerator, gatewayGenerator, apiListenerGenerator, accessLogGenerator]) registerGenerator(g);

export function buildSnapshot(ctx: BuildContext): XdsResources {
  const out = emptyResources();
  for (const g of generators) g.generate(ctx, out);
  return out;
}
