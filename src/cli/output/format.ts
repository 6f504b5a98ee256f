/** `-o` formats for `meshwork get`: a kubectl table (default, or `wide`), `yaml` or `json`. */
import { stringify } from 'yaml';
import type { K8sObject } from '../../api/k8s/types.js';
import { columnsFor } from './columns.js';
import { formatTable } from './table.js';

export const OUTPUT_FORMATS = ['table', 'wide', 'yaml', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function isOutputFormat(v: string): v is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(v);
}

export interface PrintRequest {
  readonly kind: string;
  readonly items: readonly K8sObject[];
  /** A single object was asked for by name (yaml/json print it bare, not as a List). */
  readonly single: boolean;
  readonly allNamespaces: boolean;
  readonly namespaced: boolean;
  readonly now: number;
}

export function formatObjects(format: OutputFormat, req: PrintRequest): string {
  switch (format) {
    case 'table':
    case 'wide': {
      const cols = columnsFor(req.kind, format === 'wide', req.allNamespaces && req.namespaced);
      return formatTable(cols.map((c) => c.header), req.items.map((o) => cols.map((c) => c.value(o, req.now))));
    }
    case 'yaml':
      return stringify(req.single ? req.items[0] : asList(req.items), { lineWidth: 0 });
    case 'json':
      return JSON.stringify(req.single ? req.items[0] : asList(req.items), null, 4) + '\n';
    default: {
      const never: never = format;
      throw new Error(`unknown output format ${String(never)}`);
    }
  }
}

function asList(items: readonly K8sObject[]): unknown {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
