/**
 * Field spelling differences between the CRDs and the App Mesh API inside otherwise identical
 * sub-objects (client policies, listener TLS): the CRDs write `…ARN(s)`, the API `…Arn(s)`.
 */

const CRD_TO_API: Readonly<Record<string, string>> = {
  certificateAuthorityARNs: 'certificateAuthorityArns',
  certificateARN: 'certificateArn',
};
const API_TO_CRD: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(CRD_TO_API).map(([a, b]) => [b, a]));

function renameDeep(value: unknown, table: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(value)) return value.map((v) => renameDeep(v, table));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [table[k] ?? k, renameDeep(v, table)]));
}

export function toApiSpelling<T>(value: T): T {
  return renameDeep(value, CRD_TO_API) as T;
}

export function toCrdSpelling<T>(value: T): T {
  return renameDeep(value, API_TO_CRD) as T;
}

/** Copies the keys of `source` that are set, leaving out undefined ones (exact optional properties). */
export function pick(source: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}
