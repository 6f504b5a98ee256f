/**
 * MeshView over the store (App Mesh resources under kind = AppMeshKind, key = resource path, value =
 * MeshResource JSON), and a recording wrapper that notes every key and key prefix a build read, so
 * the sync loop knows which proxies a store change affects.
 */
import { resourcePath, type AppMeshKind } from '../../../api/kinds.js';
import type { StoreReader } from '../../../store/store.js';
import type { MeshView, Named } from './model.js';
import type { GatewayRouteSpec, MeshSpec, RouteSpec, VirtualGatewaySpec, VirtualNodeSpec, VirtualRouterSpec, VirtualServiceSpec } from './spec.js';

interface StoredResource {
  readonly id: { readonly name: string };
  readonly spec: unknown;
  readonly status?: { readonly status?: string };
}

/** What a build read: exact `kind key` pairs and `kind key-prefix` pairs (for child lists). */
export interface Dependencies {
  readonly keys: Set<string>;
  readonly prefixes: Set<string>;
}

export const depKey = (kind: string, key: string): string => `${kind} ${key}`;

export function emptyDependencies(): Dependencies {
  return { keys: new Set(), prefixes: new Set() };
}

export class StoreMeshView implements MeshView {
  readonly meshName: string;
  readonly #store: StoreReader;
  readonly #deps: Dependencies | undefined;

  constructor(store: StoreReader, meshName: string, deps?: Dependencies) {
    this.#store = store;
    this.meshName = meshName;
    this.#deps = deps;
  }

  #get<S>(kind: AppMeshKind, name: string, parentName?: string): S | undefined {
    const key = resourcePath({ kind, meshName: this.meshName, name, ...(parentName !== undefined ? { parentName } : {}) });
    this.#deps?.keys.add(depKey(kind, key));
    const value = this.#store.get<StoredResource>(kind, key)?.value;
    return value && value.status?.status !== 'DELETED' ? (value.spec as S) : undefined;
  }

  #children<S>(kind: 'Route' | 'GatewayRoute', parentSegment: string, parentName: string, childSegment: string): Named<S>[] {
    const prefix = `mesh/${this.meshName}/${parentSegment}/${parentName}/${childSegment}/`;
    this.#deps?.prefixes.add(depKey(kind, prefix));
    return this.#store
      .list<StoredResource>(kind, prefix)
      .filter((o) => o.value.status?.status !== 'DELETED')
      .map((o) => ({ name: o.value.id.name, spec: o.value.spec as S }));
  }

  mesh(): MeshSpec | undefined {
    return this.#get('Mesh', this.meshName);
  }
  virtualNode(name: string): VirtualNodeSpec | undefined {
    return this.#get('VirtualNode', name);
  }
  virtualService(name: string): VirtualServiceSpec | undefined {
    return this.#get('VirtualService', name);
  }
  virtualRouter(name: string): VirtualRouterSpec | undefined {
    return this.#get('VirtualRouter', name);
  }
  virtualGateway(name: string): VirtualGatewaySpec | undefined {
    return this.#get('VirtualGateway', name);
  }
  routes(routerName: string): readonly Named<RouteSpec>[] {
    return this.#children('Route', 'virtualRouter', routerName, 'route');
  }
  gatewayRoutes(gatewayName: string): readonly Named<GatewayRouteSpec>[] {
    return this.#children('GatewayRoute', 'virtualGateway', gatewayName, 'gatewayRoute');
  }
}
