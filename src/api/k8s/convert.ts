/**
 * Manifest batch → App Mesh mutations for one `manager.apply` transaction. Validates every document,
 * decides mesh membership and names, resolves references against the batch first and the stored state
 * second, and reports every problem with its file and line. Pure: the state is read through ClusterState.
 */
import type { Violation } from '../../core/errors.js';
import type { Mutation } from '../../control-plane/manager/manager.js';
import type { ClusterState } from './cluster-state.js';
import { KIND_CONVERTERS, type ConvertContext } from './convert-kinds.js';
import { awsNameOf, MeshMembership, type Identity } from './identity.js';
import { qualifiedName, type ManifestKind } from './kinds.js';
import { formatLabels, matchesSelector } from './selector.js';
import { formatPath, lineOf, parsePath, type K8sObject, type LabelSelector, type SourceDocument } from './types.js';
import { checkManifest } from './validate.js';

/** One manifest object of the batch and the mutations it became (a router also carries its routes). */
export interface ConvertedObject {
  readonly doc: SourceDocument;
  readonly kind: ManifestKind;
  readonly object: K8sObject;
  /** `virtualnode.appmesh.k8s.aws/green-v1`, as kubectl prints it. */
  readonly display: string;
  readonly identity?: Identity;
  readonly mutations: readonly Mutation[];
  /** Said instead of an outcome for kinds local mode does not act on (Deployment). */
  readonly note?: string;
}

export type ConversionResult =
  | { readonly ok: true; readonly objects: readonly ConvertedObject[]; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly violations: readonly Violation[]; readonly warnings: readonly string[] };

const identityKey = (kind: string, namespace: string | undefined, name: string) => `${kind}|${namespace ?? ''}|${name}`;

export function convertManifests(docs: readonly SourceDocument[], state: ClusterState, now: Date): ConversionResult {
  const warnings: string[] = [];
  const violations: Violation[] = [];
  const checked: { doc: SourceDocument; kind: ManifestKind; object: K8sObject }[] = [];
  for (const doc of docs) {
    const c = checkManifest(doc);
    if (!c.ok) {
      violations.push(...c.violations);
      continue;
    }
    warnings.push(...c.warnings);
    checked.push({ doc, kind: c.kind, object: c.object });
  }
  if (violations.length > 0) return { ok: false, violations, warnings };

  const membership = new MeshMembership(checked.map((c) => c.object), state);
  const identities = new Map<string, Identity>();
  for (const kind of ['Mesh', 'VirtualNode', 'VirtualService', 'VirtualRouter', 'VirtualGateway', 'GatewayRoute'] as const) {
    for (const r of state.resources(kind)) {
      if (!r.k8s) continue;
      identities.set(identityKey(kind, r.k8s.namespace, r.k8s.name), {
        kind, name: r.k8s.name, awsName: r.id.name, meshName: r.id.meshName,
        ...(r.k8s.namespace !== undefined ? { namespace: r.k8s.namespace } : {}),
      });
    }
  }
  const selfOf = new Map<(typeof checked)[number], Identity>();
  for (const c of checked) {
    const kind = c.kind.appmesh;
    if (!kind) continue;
    const ns = c.object.metadata.namespace;
    const awsName = awsNameOf(kind, c.object);
    let meshName = awsName;
    if (kind !== 'Mesh') {
      const m = membership.meshFor(ns!);
      if ('error' in m) {
        violations.push({ field: 'metadata.namespace', message: m.error, source: { file: c.doc.file, line: lineOf(c.doc, ['metadata', 'namespace']) } });
        continue;
      }
      meshName = m.mesh;
    }
    const id: Identity = { kind, name: c.object.metadata.name, awsName, meshName, ...(ns !== undefined ? { namespace: ns } : {}) };
    const stored = identities.get(identityKey(kind, ns, id.name));
    const changed = stored ? immutableChange(stored, id) : undefined;
    if (changed) {
      violations.push({ ...changed, source: { file: c.doc.file, line: lineOf(c.doc, parsePath(changed.field)) } });
      continue;
    }
    identities.set(identityKey(kind, ns, id.name), id);
    selfOf.set(c, id);
  }
  if (violations.length > 0) return { ok: false, violations, warnings };

  const gateways = gatewayCandidates(checked.map((c) => c.object), identities, state);
  const objects: ConvertedObject[] = [];
  for (const c of checked) {
    const self = selfOf.get(c);
    const at = (path: readonly (string | number)[], message: string) =>
      violations.push({ field: formatPath(path), message, source: { file: c.doc.file, line: lineOf(c.doc, path) } });
    const ctx: ConvertContext = {
      self,
      target(holder, refKey, arnKey, targetKind, path) {
        const arn = holder[arnKey];
        if (typeof arn === 'string') return arn.split('/').pop() ?? arn;
        const ref = holder[refKey] as { name: string; namespace?: string };
        const namespace = ref.namespace ?? c.object.metadata.namespace;
        const target = identities.get(identityKey(targetKind, namespace, ref.name));
        if (!target) {
          at([...path, refKey], `${targetKind} ${namespace}/${ref.name} not found; apply it first or in the same batch`);
          return '';
        }
        if (self && target.meshName !== self.meshName) {
          at([...path, refKey], `${targetKind} ${namespace}/${ref.name} is in mesh ${target.meshName}, not ${self.meshName}`);
        }
        return target.awsName;
      },
      gatewayFor(obj) {
        const labels = membership.labelsOf(obj.metadata.namespace!) ?? {};
        const picked = gateways.filter(
          (g) => g.namespaceSelector !== undefined && matchesSelector(g.namespaceSelector, labels) &&
            (g.routeSelector === undefined || matchesSelector(g.routeSelector, obj.metadata.labels ?? {})),
        );
        if (picked.length !== 1) {
          const why = picked.length === 0
            ? `no VirtualGateway's namespaceSelector and gatewayRouteSelector pick it (namespace ${obj.metadata.namespace}: ${formatLabels(labels)})`
            : `more than one VirtualGateway picks it (${picked.map((g) => g.identity.awsName).join(', ')})`;
          at(['metadata'], why);
          return '';
        }
        const gw = picked[0]!.identity;
        if (self && gw.meshName !== self.meshName) at(['metadata'], `VirtualGateway ${gw.awsName} is in mesh ${gw.meshName}, not ${self.meshName}`);
        return gw.awsName;
      },
      storedRouteNames: (meshName, routerName) =>
        state.resources('Route').filter((r) => r.id.meshName === meshName && r.id.parentName === routerName).map((r) => r.id.name),
      creationTimestamp(kind, key) {
        const stored = state.object(kind, key) as { metadata?: { creationTimestamp?: string } } | undefined;
        return stored?.metadata?.creationTimestamp ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z');
      },
    };
    const converter = KIND_CONVERTERS[c.kind.kind];
    const mutations = converter ? converter(c.object, ctx) : [];
    const display = `${qualifiedName(c.kind)}/${c.object.metadata.name}`;
    const note = c.kind.acknowledgedOnly ? 'local mode does not run Deployments; start the workload with meshwork run' : undefined;
    objects.push({ doc: c.doc, kind: c.kind, object: c.object, display, mutations, ...(self ? { identity: self } : {}), ...(note ? { note } : {}) });
  }
  if (violations.length > 0) return { ok: false, violations, warnings };
  return { ok: true, objects, warnings };
}

/** The controller's webhooks refuse changing an object's awsName or its mesh once it exists. */
function immutableChange(stored: Identity, next: Identity): Omit<Violation, 'source'> | undefined {
  if (stored.awsName !== next.awsName) return { field: 'spec.awsName', message: `is immutable: ${next.kind} ${next.name} exists as ${stored.awsName}` };
  if (stored.meshName !== next.meshName) {
    return { field: 'metadata.namespace', message: `mesh membership is immutable: ${next.kind} ${next.name} is in mesh ${stored.meshName}, its namespace is now selected by mesh ${next.meshName}` };
  }
  return undefined;
}

interface GatewayCandidate {
  readonly identity: Identity;
  readonly namespaceSelector: LabelSelector | undefined;
  readonly routeSelector: LabelSelector | undefined;
}

function gatewayCandidates(batch: readonly K8sObject[], identities: ReadonlyMap<string, Identity>, state: ClusterState): GatewayCandidate[] {
  const out: GatewayCandidate[] = [];
  const seen = new Set<string>();
  for (const o of batch) {
    if (o.kind !== 'VirtualGateway') continue;
    const identity = identities.get(identityKey('VirtualGateway', o.metadata.namespace, o.metadata.name));
    if (!identity) continue;
    seen.add(identityKey('VirtualGateway', o.metadata.namespace, o.metadata.name));
    out.push({ identity, namespaceSelector: o.spec?.['namespaceSelector'] as LabelSelector | undefined, routeSelector: o.spec?.['gatewayRouteSelector'] as LabelSelector | undefined });
  }
  for (const r of state.resources('VirtualGateway')) {
    if (!r.k8s) continue;
    const key = identityKey('VirtualGateway', r.k8s.namespace, r.k8s.name);
    const identity = identities.get(key);
    if (seen.has(key) || !identity) continue;
    out.push({
      identity,
      namespaceSelector: r.k8s.extra?.['namespaceSelector'] as LabelSelector | undefined,
      routeSelector: r.k8s.extra?.['gatewayRouteSelector'] as LabelSelector | undefined,
    });
  }
  return out;
}

/** Every mutation of a converted batch, in manifest order. */
export function batchMutations(objects: readonly ConvertedObject[]): Mutation[] {
  return objects.flatMap((o) => o.mutations);
}

