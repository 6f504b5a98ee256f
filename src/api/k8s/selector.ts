/**
 * Kubernetes label selector semantics: `matchLabels` and `matchExpressions` are ANDed; a present but
 * empty selector matches everything; an absent selector matches nothing (callers decide on absence).
 */
import type { LabelSelector } from './types.js';

export function matchesSelector(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, req.key);
    const value = labels[req.key];
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(value!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default: {
        const never: never = req.operator;
        throw new Error(`unknown selector operator ${String(never)}`);
      }
    }
  }
  return true;
}

/** `mesh=webapp,name=green` for messages. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(labels ?? {});
  return entries.length === 0 ? 'no labels' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

export function formatSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of selector.matchExpressions ?? []) parts.push(`${r.key} ${r.operator}${r.values ? ` (${r.values.join(',')})` : ''}`);
  return parts.length === 0 ? 'everything' : parts.join(',');
}
