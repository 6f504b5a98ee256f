/**
 * The columns `meshwork get` prints per kind, after kubectl: the App Mesh CRDs' print columns (ARN from
 * `.status.<kind>ARN`, AGE), a Namespace's STATUS and a Service's TYPE and PORT(S). `-o wide` adds the
 * columns marked wide. A kind without an entry gets NAME and AGE.
 */
import type { K8sObject } from '../../api/k8s/types.js';
import { humanDuration } from './table.js';

export interface Column {
  readonly header: string;
  readonly value: (o: K8sObject, now: number) => string;
  readonly wide?: boolean;
}

const rec = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

const NAME: Column = { header: 'NAME', value: (o) => o.metadata.name };
const AGE: Column = {
  header: 'AGE',
  value: (o, now) => (o.metadata.creationTimestamp ? humanDuration(now - Date.parse(o.metadata.creationTimestamp)) : '<unknown>'),
};

function appmeshColumns(statusField: string): Column[] {
  return [
    NAME,
    { header: 'ARN', value: (o) => String(rec(o.status)[statusField] ?? '') },
    AGE,
    { header: 'MESH', value: (o) => String(rec(rec(o.spec)['meshRef'])['name'] ?? rec(o.spec)['awsName'] ?? ''), wide: true },
    { header: 'AWS NAME', value: (o) => String(rec(o.spec)['awsName'] ?? ''), wide: true },
  ];
}

const ports = (o: K8sObject) => {
  const list = Array.isArray(rec(o.spec)['ports']) ? (rec(o.spec)['ports'] as unknown[]) : [];
  return list.map((p) => `${String(rec(p)['port'])}/${String(rec(p)['protocol'] ?? 'TCP')}`).join(',') || '<none>';
};
const selector = (o: K8sObject) => Object.entries(rec(rec(o.spec)['selector'])).map(([k, v]) => `${k}=${String(v)}`).join(',') || '<none>';

export const COLUMNS: Readonly<Record<string, readonly Column[]>> = {
  Namespace: [NAME, { header: 'STATUS', value: () => 'Active' }, AGE, { header: 'LABELS', value: (o) => Object.entries(o.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>', wide: true }],
  Service: [NAME, { header: 'TYPE', value: (o) => String(rec(o.spec)['type'] ?? 'ClusterIP') }, { header: 'PORT(S)', value: ports }, AGE, { header: 'SELECTOR', value: selector, wide: true }],
  Mesh: appmeshColumns('meshARN'),
  VirtualNode: appmeshColumns('virtualNodeARN'),
  VirtualService: appmeshColumns('virtualServiceARN'),
  VirtualRouter: appmeshColumns('virtualRouterARN'),
  VirtualGateway: appmeshColumns('virtualGatewayARN'),
  GatewayRoute: appmeshColumns('gatewayRouteARN'),
};

export function columnsFor(kind: string, wide: boolean, withNamespace: boolean): Column[] {
  const base = (COLUMNS[kind] ?? [NAME, AGE]).filter((c) => wide || !c.wide);
  return withNamespace ? [{ header: 'NAMESPACE', value: (o) => o.metadata.namespace ?? '' }, ...base] : base;
}
