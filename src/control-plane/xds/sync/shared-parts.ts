/**
 * The sync loop's SharedParts: each part is computed once, through a mesh view of its own that records
 * what it read, and kept until the store or the endpoints change (the loop calls `clear` wherever it
 * invalidates its store reader). A build that gets a kept part adds the part's reads to its own, so a
 * change to anything the part read still rebuilds that build.
 *
 * After a weight change, 100 consumer builds resolve the service and build its virtual host once
 * between them instead of once each.
 */
import type { StoreReader } from '../../../store/store.js';
import { emptyDependencies, StoreMeshView, type Dependencies } from '../builder/mesh-view.js';
import type { BuildContext, SharedParts } from '../builder/model.js';

interface Part {
  readonly value: unknown;
  readonly deps: Dependencies;
}

export class SharedPartCache {
  readonly #reader: StoreReader;
  readonly #parts = new Map<string, Part>();

  constructor(reader: StoreReader) {
    this.#reader = reader;
  }

  /** The SharedParts of one build, which adds every part's reads to `deps`. */
  forBuild(deps: Dependencies): SharedParts {
    return { share: (key, ctx, compute) => this.#share(key, ctx, compute, deps) };
  }

  /** Forgets every part: called on any change to the store or the endpoints. */
  clear(): void {
    this.#parts.clear();
  }

  #share<T>(key: string, ctx: BuildContext, compute: (ctx: BuildContext) => T, into: Dependencies): T {
    const meshName = ctx.mesh.meshName;
    const fullKey = `${meshName}\0${key}`;
    let part = this.#parts.get(fullKey);
    if (!part) {
      const deps = emptyDependencies();
      const value = compute({ ...ctx, mesh: new StoreMeshView(this.#reader, meshName, deps) });
      part = { value, deps };
      this.#parts.set(fullKey, part);
    }
    for (const k of part.deps.keys) into.keys.add(k);
    for (const p of part.deps.prefixes) into.prefixes.add(p);
    return part.value as T;
  }
}
