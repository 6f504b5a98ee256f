/**
 * The action half of an egress route: weighted clusters, retry policy and timeouts, with App Mesh's
 * defaults (15 s per request; the default HTTP retry policy App Mesh's Envoy receives).
 */
import { duration, durationMs } from './envoy.js';
import type { Json } from './model.js';
import { egressClusterName } from './names.js';
import type { WeightedRef } from './services.js';
import type { RetryPolicy, RouteTimeout } from './spec.js';

export const DEFAULT_PER_REQUEST_MS = 15_000;

const HTTP_RETRY_EVENTS: Readonly<Record<string, string>> = {
  'server-error': '5xx',
  'gateway-error': 'gateway-error',
  'client-error': 'retriable-status-codes',
  'stream-error': 'refused-stream',
};

const TCP_RETRY_EVENTS: Readonly<Record<string, string>> = { 'connection-error': 'connect-failure' };

/** What App Mesh's Envoy gets for an HTTP route without a retry policy (reference §4). */
export function defaultHttpRetryPolicy(): Json {
  return {
    retry_on: 'unavailable,reset,connect-failure,refused-stream,retriable-status-codes',
    num_retries: { value: 2 },
    retriable_status_codes: [503],
    retry_host_predicate: [{ name: 'envoy.retry_host_predicates.previous_hosts' }],
    host_selection_retry_max_attempts: '5',
  };
}

export function retryPolicy(p: RetryPolicy): Json {
  const on: string[] = [];
  for (const e of p.httpRetryEvents ?? []) {
    const mapped = HTTP_RETRY_EVENTS[e];
    if (mapped !== undefined && !on.includes(mapped)) on.push(mapped);
  }
  for (const e of p.tcpRetryEvents ?? []) {
    const mapped = TCP_RETRY_EVENTS[e];
    if (mapped !== undefined && !on.includes(mapped)) on.push(mapped);
  }
  for (const e of p.grpcRetryEvents ?? []) if (!on.includes(e)) on.push(e);
  const out: Json = { retry_on: on.join(','), num_retries: { value: p.maxRetries }, per_try_timeout: duration(p.perRetryTimeout) };
  if (p.httpRetryEvents?.includes('client-error')) out['retriable_status_codes'] = [409];
  return out;
}

export function weightedClusters(mesh: string, targets: readonly WeightedRef[]): Json {
  return {
    weighted_clusters: {
      clusters: targets.map((t) => ({ name: egressClusterName(mesh, t.node, t.protocol, t.port), weight: { value: t.weight } })),
    },
  };
}

/** The `route` action of an HTTP or gRPC egress route. */
export function routeAction(
  mesh: string,
  targets: readonly WeightedRef[],
  kind: 'http' | 'grpc',
  retry: RetryPolicy | undefined,
  timeout: RouteTimeout | undefined,
): Json {
  const out: Json = { ...weightedClusters(mesh, targets) };
  out['timeout'] = timeout?.perRequest ? duration(timeout.perRequest) : durationMs(DEFAULT_PER_REQUEST_MS);
  if (timeout?.idle) out['idle_timeout'] = duration(timeout.idle);
  if (kind === 'grpc' && timeout?.perRequest) out['max_stream_duration'] = { max_stream_duration: duration(timeout.perRequest) };
  if (retry) out['retry_policy'] = retryPolicy(retry);
  else if (kind === 'http') out['retry_policy'] = defaultHttpRetryPolicy();
  return out;
}
