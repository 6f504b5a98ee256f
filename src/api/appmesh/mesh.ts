/** Mesh spec (API 2019-01-25): what may leave the mesh, and the IP family its service discovery prefers. */
import * as z from 'zod';
import { oneOfValues } from './schema-kit.js';

export const EGRESS_FILTER_TYPES = ['ALLOW_ALL', 'DROP_ALL'] as const;
export const IP_PREFERENCES = ['IPv6_PREFERRED', 'IPv4_PREFERRED', 'IPv4_ONLY', 'IPv6_ONLY'] as const;
export const IpPreference = oneOfValues(IP_PREFERENCES);
export type IpPreference = z.infer<typeof IpPreference>;

/** MeshSpec { egressFilter { type }, serviceDiscovery { ipPreference } }; every member optional (egress defaults to DROP_ALL). */
export const MeshSpec = z.strictObject({
  egressFilter: z.optional(z.strictObject({ type: oneOfValues(EGRESS_FILTER_TYPES) })),
  serviceDiscovery: z.optional(z.strictObject({ ipPreference: z.optional(IpPreference) })),
});
export type MeshSpec = z.infer<typeof MeshSpec>;
