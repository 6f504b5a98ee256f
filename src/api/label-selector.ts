/**
 * Kubernetes label selectors (`matchLabels` + `matchExpressions`), as Mesh.namespaceSelector,
 * VirtualNode.podSelector and Service.spec.selector use them. Pure.
 *
 * Semantics as in Kubernetes: an empty selector (`{}`) selects everything; an absent one selects
 * nothing (callers decide that before calling); all requirements must hold.
 */

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export type Labels = Readonly<Record<string, string>>;

export function matchesSelector(selector: LabelSelector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const req of selector.matchExpressions ?? []) if (!matchesRequirement(req, labels)) return false;
  return true;
}

function matchesRequirement(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, req.key);
  switch (req.operator) {
    case 'In':
      return has && (req.values ?? []).includes(labels[req.key]!);
    case 'NotIn':
      return !has || !(req.values ?? []).includes(labels[req.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default: {
      const never: never = req.operator;
      throw new Error(`unknown label selector operator ${String(never)}`);
    }
  }
}

/** `app=green,tier!=x` style, for messages: `matchLabels` as k=v, expressions as `k in (a,b)`. */
export function formatSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of selector.matchExpressions ?? []) {
    switch (r.operator) {
      case 'In':
        parts.push(`${r.key} in (${(r.values ?? []).join(',')})`);
        break;
      case 'NotIn':
        parts.push(`${r.key} notin (${(r.values ?? []).join(',')})`);
        break;
      case 'Exists':
        parts.push(r.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${r.key}`);
        break;
    }
  }
  return parts.length === 0 ? '(everything)' : parts.join(',');
}

export function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? '(no labels)' : parts.join(',');
}

/** Reads a selector out of untrusted stored data (K8s origin fields); undefined when absent or malformed. */
export function toLabelSelector(value: unknown): LabelSelector | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as { matchLabels?: unknown; matchExpressions?: unknown };
  const out: { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] } = {};
  if (v.matchLabels !== undefined && v.matchLabels !== null && typeof v.matchLabels === 'object') {
    out.matchLabels = Object.fromEntries(Object.entries(v.matchLabels).map(([k, x]) => [k, String(x)]));
  }
  if (Array.isArray(v.matchExpressions)) out.matchExpressions = v.matchExpressions as LabelSelectorRequirement[];
  return out;
}
