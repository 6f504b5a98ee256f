/** What one load-generator run measured, whichever tool produced it (wrk or hey). */
export interface LoadResult {
  readonly tool: 'wrk' | 'hey';
  /** Responses received (any status). */
  readonly requests: number;
  /** Wall-clock length of the run as the tool reports it, seconds. */
  readonly durationS: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  /** Socket errors, timeouts and non-2xx/3xx responses. A run with errors is reported, not hidden. */
  readonly errors: number;
}

/** One measured run of bench:proxy's interleaved rounds: what the tool measured, and the round it ran in (from 1). */
export interface RoundRun extends LoadResult {
  readonly round: number;
}
