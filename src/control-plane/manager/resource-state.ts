/**
 * Reading App Mesh resources out of the store: one resource, the members of a mesh, and the
 * resources whose required references hold another in place. Works on the store and inside a
 * transaction alike (both are StoreReaders), so checks see a batch's own writes.
 */
import { APPMESH_KINDS, KIND_INFO, resourcePath, type ResourceId } from '../../api/kinds.js';
import type { ResourceRef } from '../../core/errors.js';
import type { StoreReader } from '../../store/store.js';
import type { MeshResource } from './manager.js';
import { referencesOf, sameId } from './references.js';

export function readResource(reader: StoreReader, id: ResourceId): MeshResource | undefined {
  return reader.get<MeshResource>(id.kind, resourcePath(id))?.value;
}

/** Every resource inside mesh `meshName` (all kinds but Mesh). */
export function meshMembers(reader: StoreReader, meshName: string): MeshResource[] {
  return APPMESH_KINDS.filter((k) => k !== 'Mesh').flatMap((kind) => reader.list<MeshResource>(kind, `mesh/${meshName}/`).map((o) => o.value));
}

/** Resources whose required references point at `id`: what keeps it from being deleted. */
export function findDependents(reader: StoreReader, id: ResourceId): MeshResource[] {
  const meshName = id.kind === 'Mesh' ? id.name : id.meshName;
  return meshMembers(reader, meshName).filter((r) => referencesOf(r.id, r.spec).some((ref) => ref.required && sameId(ref.target, id)));
}

/** The id as errors name it: `VirtualNode mesh=webapp name=green-v1_green`. */
export function refOf(id: ResourceId): ResourceRef {
  if (id.kind === 'Mesh') return { kind: 'Mesh', name: id.name };
  const parent = KIND_INFO[id.kind].parent === undefined || id.parentName === undefined ? {} : { parent: id.parentName };
  return { kind: id.kind, mesh: id.meshName, name: id.name, ...parent };
}
