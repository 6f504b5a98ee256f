/**
 * The manifest kinds Meshwork understands, with the names kubectl uses for them: `kind` (`VirtualNode`),
 * lower-case singular (`virtualnode`), plural (`virtualnodes`), short names where Kubernetes defines them
 * (`ns`, `svc`). The App Mesh CRDs define no short names, so none are invented here.
 */
import type { AppMeshKind } from '../kinds.js';

export interface ManifestKind {
  readonly kind: string;
  readonly apiVersion: string;
  /** API group (`appmesh.k8s.aws`, `apps`, `` for core). */
  readonly group: string;
  readonly plural: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  /** The App Mesh resource kind this manifest converts to. */
  readonly appmesh?: AppMeshKind;
  /** Kinds that are acknowledged but not acted on in local mode. */
  readonly acknowledgedOnly?: boolean;
}

const APPMESH = 'appmesh.k8s.aws';

export const MANIFEST_KINDS: readonly ManifestKind[] = [
  { kind: 'Namespace', apiVersion: 'v1', group: '', plural: 'namespaces', shortNames: ['ns'], namespaced: false },
  { kind: 'Service', apiVersion: 'v1', group: '', plural: 'services', shortNames: ['svc'], namespaced: true },
  { kind: 'Mesh', apiVersion: `${APPMESH}/v1beta2`, group: APPMESH, plural: 'meshes', shortNames: [], namespaced: false, appmesh: 'Mesh' },
  { kind: 'VirtualNode', apiVersion: `${APPMESH}/v1beta2`, group: APPMESH, plural: 'virtualnodes', shortNames: [], namespaced: true, appmesh: 'VirtualNode' },
  { kind: 'VirtualService', apiVersion: `${APPMESH}/v1beta2`, group: APPMESH, plural: 'virtualservices', shortNames: [], namespaced: true, appmesh: 'VirtualService' },
  { kind: 'VirtualRouter', apiVersion: `${APPMESH}/v1beta2`, group: APPMESH, plural: 'virtualrouters', shortNames: [], namespaced: true, appmesh: 'VirtualRouter' },
  { kind: 'VirtualGateway', apiVersion: `${APPMESH}/v1beta2`, group: APPMESH, plural: 'virtualgateways', shortNames: [], namespaced: true, appmesh: 'VirtualGateway' },
  { kind: 'GatewayRoute', apiVersion: `${APPMESH}/v1beta2`, group: APPMESH, plural: 'gatewayroutes', shortNames: [], namespaced: true, appmesh: 'GatewayRoute' },
  { kind: 'Deployment', apiVersion: 'apps/v1', group: 'apps', plural: 'deployments', shortNames: ['deploy'], namespaced: true, acknowledgedOnly: true },
];

/** `virtualnode.appmesh.k8s.aws`, `namespace`, `deployment.apps`: the resource name kubectl prints. */
export function qualifiedName(k: ManifestKind): string {
  const singular = k.kind.toLowerCase();
  return k.group === '' ? singular : `${singular}.${k.group}`;
}

/** Finds a kind by its apiVersion and kind, exactly as a manifest spells them. */
export function manifestKind(apiVersion: string, kind: string): ManifestKind | undefined {
  return MANIFEST_KINDS.find((k) => k.kind === kind && k.apiVersion === apiVersion);
}

/** Finds a kind by any name kubectl accepts: `VirtualNode`, `virtualnode`, `virtualnodes`, `virtualnode.appmesh.k8s.aws`, `ns`. */
export function resolveKindName(name: string): ManifestKind | undefined {
  const n = name.toLowerCase();
  return MANIFEST_KINDS.find((k) => {
    const names = [k.kind.toLowerCase(), k.plural, ...k.shortNames];
    const qualified = k.group === '' ? [] : names.map((x) => `${x}.${k.group}`);
    return names.includes(n) || qualified.includes(n);
  });
}

/** Kinds that `get`/`describe`/`delete` work on (everything stored; not Deployment). */
export function isReadableKind(k: ManifestKind): boolean {
  return k.acknowledgedOnly !== true;
}
