/** VirtualService spec (API 2019-01-25): the name clients call, provided by one virtual node or one virtual router. */
import * as z from 'zod';
import { exactlyOne } from './schema-kit.js';
import { ResourceName } from './shared.js';

/** VirtualServiceSpec { provider: exactly one of virtualNode { virtualNodeName } | virtualRouter { virtualRouterName } }. */
export const VirtualServiceSpec = z.strictObject({
  provider: z.optional(
    exactlyOne({
      virtualNode: z.strictObject({ virtualNodeName: ResourceName }),
      virtualRouter: z.strictObject({ virtualRouterName: ResourceName }),
    }),
  ),
});
export type VirtualServiceSpec = z.infer<typeof VirtualServiceSpec>;
