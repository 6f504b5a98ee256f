/**
 * Service attributes (Get/Update/DeleteServiceAttributes): a map of at most 30 entries kept per
 * service, key ≤255 and value ≤1024 characters. Update merges, delete removes keys.
 */
import { loadService, type RegistryContext } from './context.js';
import { ServiceAttributesLimitError } from './errors.js';
import { CLOUDMAP_KINDS } from './model.js';

export const MAX_SERVICE_ATTRIBUTES = 30;

type AttributeMap = Readonly<Record<string, string>>;

export function getServiceAttributes(ctx: RegistryContext, serviceId: string): { ServiceArn: string; ResourceOwner: string; Attributes: AttributeMap } {
  const s = loadService(ctx.store, serviceId);
  const attrs = ctx.store.get<AttributeMap>(CLOUDMAP_KINDS.serviceAttributes, s.Id)?.value ?? {};
  return { ServiceArn: s.Arn, ResourceOwner: s.ResourceOwner, Attributes: attrs };
}

export async function updateServiceAttributes(ctx: RegistryContext, serviceId: string, attributes: AttributeMap): Promise<void> {
  await ctx.store.transact((tx) => {
    const s = loadService(tx, serviceId);
    const merged = { ...(tx.get<AttributeMap>(CLOUDMAP_KINDS.serviceAttributes, s.Id)?.value ?? {}), ...attributes };
    const count = Object.keys(merged).length;
    if (count > MAX_SERVICE_ATTRIBUTES) {
      throw new ServiceAttributesLimitError(`service ${s.Id} would have ${count} attributes; at most ${MAX_SERVICE_ATTRIBUTES} are allowed`);
    }
    tx.put(CLOUDMAP_KINDS.serviceAttributes, s.Id, merged);
  });
}

export async function deleteServiceAttributes(ctx: RegistryContext, serviceId: string, keys: readonly string[]): Promise<void> {
  await ctx.store.transact((tx) => {
    const s = loadService(tx, serviceId);
    const current = tx.get<AttributeMap>(CLOUDMAP_KINDS.serviceAttributes, s.Id)?.value;
    if (!current) return;
    const rest = Object.fromEntries(Object.entries(current).filter(([k]) => !keys.includes(k)));
    if (Object.keys(rest).length === 0) tx.delete(CLOUDMAP_KINDS.serviceAttributes, s.Id);
    else tx.put(CLOUDMAP_KINDS.serviceAttributes, s.Id, rest);
  });
}
