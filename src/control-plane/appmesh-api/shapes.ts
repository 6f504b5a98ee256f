/**
 * Response bodies exactly as App Mesh API 2019-01-25 returns them: `<Kind>Data` for single-resource
 * operations (the resource object itself, no wrapper) and `<Kind>Ref` for list items.
 */
import { KIND_INFO, type ResourceId } from '../../api/kinds.js';
import type { MeshResource } from '../manager/manager.js';

/** The name members of a resource in API order: `{meshName, virtualRouterName, routeName}`. */
export function nameMembers(id: ResourceId): Record<string, string> {
  if (id.kind === 'Mesh') return { meshName: id.name };
  const info = KIND_INFO[id.kind];
  const names: Record<string, string> = { meshName: id.meshName };
  if (info.parent !== undefined) names[KIND_INFO[info.parent].nameField] = id.parentName ?? '';
  names[info.nameField] = id.name;
  return names;
}

/** `MeshData`, `VirtualNodeData`, …: `{...names, spec, metadata, status}`. */
export function toData(resource: MeshResource): Record<string, unknown> {
  const m = resource.metadata;
  return {
    ...nameMembers(resource.id),
    spec: resource.spec,
    metadata: {
      arn: m.arn,
      createdAt: m.createdAt,
      lastUpdatedAt: m.lastUpdatedAt,
      meshOwner: m.meshOwner,
      resourceOwner: m.resourceOwner,
      uid: m.uid,
      version: m.version,
    },
    status: { status: resource.status.status },
  };
}

/** `MeshRef`, `VirtualNodeRef`, …: names plus arn, version, timestamps and owners (no uid, spec or status). */
export function toRef(resource: MeshResource): Record<string, unknown> {
  const m = resource.metadata;
  return {
    ...nameMembers(resource.id),
    arn: m.arn,
    createdAt: m.createdAt,
    lastUpdatedAt: m.lastUpdatedAt,
    meshOwner: m.meshOwner,
    resourceOwner: m.resourceOwner,
    version: m.version,
  };
}
