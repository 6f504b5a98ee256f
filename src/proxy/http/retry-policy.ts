/** Whether an attempt's outcome is retriable under an Envoy retry policy (pure). */
import type { RetryPolicy } from '../config/model.js';

export type AttemptOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly grpcStatus: string | undefined }
  | { readonly kind: 'connect-failure' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'refused-stream' }
  | { readonly kind: 'per-try-timeout' };

const GRPC_CODES: Record<string, string> = { cancelled: '1', 'deadline-exceeded': '4', internal: '13', 'resource-exhausted': '8', unavailable: '14' };

export function isRetriable(policy: RetryPolicy, outcome: AttemptOutcome): boolean {
  const on = policy.retryOn;
  const fivexx = on.has('5xx');
  const gateway = on.has('gateway-error');
  switch (outcome.kind) {
    case 'connect-failure':
      return fivexx || gateway || on.has('connect-failure') || on.has('reset');
    case 'reset':
      return fivexx || gateway || on.has('reset');
    case 'refused-stream':
      return fivexx || on.has('refused-stream') || on.has('reset');
    case 'per-try-timeout':
      return fivexx || gateway || on.has('reset');
    case 'response': {
      const s = outcome.status;
      if (fivexx && s >= 500) return true;
      if (gateway && (s === 502 || s === 503 || s === 504)) return true;
      if (on.has('retriable-4xx') && s === 409) return true;
      if (on.has('retriable-status-codes') && policy.retriableStatusCodes.has(s)) return true;
      if (outcome.grpcStatus !== undefined) {
        for (const [cond, code] of Object.entries(GRPC_CODES)) if (on.has(cond) && outcome.grpcStatus === code) return true;
      }
      return false;
    }
  }
}

/** Envoy's back-off: a random time in [0, base * 2^attempt), capped at max. */
export function backoffMs(policy: RetryPolicy, retryNumber: number, random: number): number {
  const ceiling = Math.min(policy.maxIntervalMs, policy.baseIntervalMs * 2 ** retryNumber);
  return Math.floor(random * ceiling);
}
