/**
 * Idempotency tokens (`clientToken` on every App Mesh create and update). The first request with a token
 * stores its result under the token, in the same transaction as the change. A later request with the
 * same token and the same content gets that result back and changes nothing; the same token with
 * different content is a ConflictError (App Mesh's ConflictException).
 *
 * Tokens are remembered for CLIENT_TOKEN_TTL_MS (24 hours); older ones count as unused and are
 * removed by `pruneTokens`.
 */
import { resourcePath } from '../../api/kinds.js';
import { ConflictError } from '../../core/errors.js';
import type { StoreTx } from '../../store/store.js';
import { canonicalJson } from './canonical-json.js';
import type { Mutation, MutationResult } from './manager.js';

/** Store kind of the remembered tokens; key = the token. */
export const CLIENT_TOKEN_KIND = 'appmesh.ClientToken';

export const CLIENT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

interface TokenRecord {
  readonly fingerprint: string;
  readonly result: MutationResult;
  /** When the token was first used, epoch milliseconds. */
  readonly at: number;
}

type TokenMutation = Extract<Mutation, { op: 'create' | 'update' }>;

/** What makes two requests "the same": operation, resource, spec, tags, origin and expected version. */
export function fingerprint(m: TokenMutation): string {
  return canonicalJson({
    op: m.op,
    path: `${m.id.kind}:${resourcePath(m.id)}`,
    spec: m.spec ?? null,
    tags: m.op === 'create' ? (m.tags ?? []) : null,
    k8s: m.k8s ?? null,
    expectedVersion: m.op === 'update' ? (m.expectedVersion ?? null) : null,
  });
}

/** The remembered result for this request's token, if any; throws ConflictError when the token was used for something else. */
export function replay(tx: StoreTx, m: TokenMutation, now: number): MutationResult | undefined {
  if (m.clientToken === undefined) return undefined;
  const record = tx.get<TokenRecord>(CLIENT_TOKEN_KIND, m.clientToken)?.value;
  if (record === undefined || now - record.at > CLIENT_TOKEN_TTL_MS) return undefined;
  if (record.fingerprint !== fingerprint(m)) {
    throw new ConflictError(`clientToken "${m.clientToken}" was already used for a different request`);
  }
  return record.result;
}

/** Remembers the result of a request that carried a token. */
export function remember(tx: StoreTx, m: TokenMutation, result: MutationResult, now: number): void {
  if (m.clientToken === undefined) return;
  const record: TokenRecord = { fingerprint: fingerprint(m), result, at: now };
  tx.put(CLIENT_TOKEN_KIND, m.clientToken, record);
}

/** Removes the tokens older than CLIENT_TOKEN_TTL_MS; returns how many. */
export function pruneTokens(tx: StoreTx, now: number): number {
  const expired = tx.list<TokenRecord>(CLIENT_TOKEN_KIND).filter((o) => now - o.value.at > CLIENT_TOKEN_TTL_MS);
  for (const o of expired) tx.delete(CLIENT_TOKEN_KIND, o.key);
  return expired.length;
}
