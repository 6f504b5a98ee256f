/** VirtualRouter spec (API 2019-01-25): the ports its routes are served on. */
import * as z from 'zod';
import { boundedList } from './schema-kit.js';
import { checkUniqueListenerPorts, PortMapping } from './shared.js';

/**
 * VirtualRouterSpec { listeners: [{ portMapping }] }.
 * Rule: a virtual router has at least one listener (the API needs one to route on; the CRD says minItems 1).
 * Rule: listener ports are unique.
 */
export const VirtualRouterSpec = z
  .strictObject({ listeners: boundedList(z.strictObject({ portMapping: PortMapping }), 1) })
  .superRefine((spec, ctx) => checkUniqueListenerPorts(spec.listeners, ctx));
export type VirtualRouterSpec = z.infer<typeof VirtualRouterSpec>;
