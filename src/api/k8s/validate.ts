/**
 * Structural validation of one manifest: apiVersion and kind known, metadata.name present, the spec
 * shaped as its CRD requires. Every violation carries its field path and the file and line it came from;
 * unknown fields become warnings (the API server prunes them, and kubectl warns about them too).
 */
import type { z } from 'zod';
import type { Violation } from '../../core/errors.js';
import { SPEC_SCHEMAS, objectMeta } from './crd-schema.js';
import { MANIFEST_KINDS, manifestKind, type ManifestKind } from './kinds.js';
import { formatPath, lineOf, type K8sObject, type ObjectMeta, type SourceDocument } from './types.js';

export type CheckedManifest =
  | { readonly ok: true; readonly kind: ManifestKind; readonly object: K8sObject; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly violations: readonly Violation[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function checkManifest(doc: SourceDocument): CheckedManifest {
  const at = (path: readonly (string | number)[], message: string): Violation => ({
    field: formatPath(path),
    message,
    source: { file: doc.file, line: lineOf(doc, path) },
  });
  const obj = doc.object;
  if (!isRecord(obj)) return { ok: false, violations: [at([], 'a manifest must be a mapping with apiVersion, kind and metadata')] };
  const violations: Violation[] = [];
  if (typeof obj['apiVersion'] !== 'string') violations.push(at(['apiVersion'], 'required (for example appmesh.k8s.aws/v1beta2)'));
  if (typeof obj['kind'] !== 'string') violations.push(at(['kind'], 'required (for example VirtualNode)'));
  if (violations.length > 0) return { ok: false, violations };
  const apiVersion = obj['apiVersion'] as string;
  const kindName = obj['kind'] as string;
  const kind = manifestKind(apiVersion, kindName);
  if (!kind) {
    const sameKind = MANIFEST_KINDS.find((k) => k.kind === kindName);
    const message = sameKind
      ? `${kindName} is served as ${sameKind.apiVersion}, not ${apiVersion}`
      : `unknown kind ${kindName}; expected one of ${MANIFEST_KINDS.map((k) => k.kind).join(', ')}`;
    return { ok: false, violations: [at(sameKind ? ['apiVersion'] : ['kind'], message)] };
  }
  const meta = objectMeta.safeParse(obj['metadata']);
  if (!meta.success) violations.push(...issues(meta.error, ['metadata'], at));
  const schema = SPEC_SCHEMAS[kind.kind];
  const rawSpec = obj['spec'] ?? {};
  const spec = schema?.safeParse(rawSpec);
  if (spec && !spec.success) violations.push(...issues(spec.error, ['spec'], at));
  if (!meta.success || (spec && !spec.success)) return { ok: false, violations };
  const warnings = unknownFields(rawSpec, spec?.data, ['spec']).map((p) => `${doc.file}:${lineOf(doc, p)}: unknown field "${formatPath(p)}" (ignored)${hint(p)}`);
  const { namespace, labels, annotations } = meta.data;
  const metadata: ObjectMeta = {
    name: meta.data.name,
    ...(kind.namespaced ? { namespace: namespace ?? 'default' } : {}),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
  };
  const object: K8sObject = { apiVersion, kind: kind.kind, metadata, spec: (spec?.data ?? {}) as Record<string, unknown> };
  return { ok: true, kind, object, warnings };
}

function issues(error: z.ZodError, prefix: (string | number)[], at: (p: readonly (string | number)[], m: string) => Violation): Violation[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
    return at(path, describeIssue(issue));
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'required';
  return issue.message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '');
}

/** Paths present in `input` but dropped by the schema. */
function unknownFields(input: unknown, output: unknown, path: (string | number)[]): (string | number)[][] {
  if (Array.isArray(input) && Array.isArray(output)) return input.flatMap((v, i) => unknownFields(v, output[i], [...path, i]));
  if (!isRecord(input) || !isRecord(output)) return [];
  return Object.keys(input).flatMap((k) => (k in output ? unknownFields(input[k], output[k], [...path, k]) : [[...path, k]]));
}

/** Known misplacements, such as the book's GatewayRoute that puts `port` inside `virtualServiceRef`. */
function hint(path: readonly (string | number)[]): string {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (last === 'port' && parent === 'virtualServiceRef') return `; did you mean ${formatPath([...path.slice(0, -3), 'port'])}?`;
  return '';
}
