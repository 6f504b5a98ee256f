/**
 * Kubernetes object shapes that manifests carry: the `appmesh.k8s.aws/v1beta2` custom resources, core v1
 * Namespace and Service, and apps/v1 Deployment. Field names are the CRDs' own (`virtualServiceARN`,
 * `meshServiceDiscovery`); conversion to the App Mesh model happens in `convert.ts`.
 */

export const APPMESH_API_VERSION = 'appmesh.k8s.aws/v1beta2';

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

/** A Kubernetes label selector. Present and empty selects everything; absent selects nothing. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly creationTimestamp?: string;
  readonly generation?: number;
  readonly uid?: string;
}

/** Any Kubernetes object after structural validation. `spec` stays loosely typed: conversion reads it. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly spec?: Readonly<Record<string, unknown>>;
  readonly status?: Readonly<Record<string, unknown>>;
}

/** Where one manifest came from: the file, the document's first line, and the line of each field. */
export interface SourceDocument {
  readonly file: string;
  /** 1-based line where the document starts. */
  readonly line: number;
  readonly object: unknown;
  /** Line of each field, keyed by path (`spec.listeners[0].portMapping.port`); `""` is the document. */
  readonly fieldLines: Readonly<Record<string, number>>;
}

/** A `Namespace` object as stored for membership (kind `k8s.Namespace`, key = name). */
export const NAMESPACE_OBJECT_KIND = 'k8s.Namespace';
/** A `Service` object as stored for DNS (kind `k8s.Service`, key = `<namespace>/<name>`). */
export const SERVICE_OBJECT_KIND = 'k8s.Service';

/** Path segments to the display form used in violations: `spec.listeners[0].port`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** The line of a field path, or of its nearest enclosing field that has one. */
export function lineOf(doc: SourceDocument, path: readonly (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const line = doc.fieldLines[formatPath(path.slice(0, n))];
    if (line !== undefined) return line;
  }
  return doc.line;
}

/** The inverse of formatPath: `spec.listeners[0].port` → ['spec', 'listeners', 0, 'port']. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}
