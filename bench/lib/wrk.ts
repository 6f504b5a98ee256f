/**
 * wrk: the saturation load (keep-alive connections, as fast as the server answers).
 * `wrkArgs` builds the command line; `parseWrkOutput` reads `wrk --latency` output (pure, table-tested).
 */
import { BadRequestError } from '../../src/core/errors.js';
import type { LoadResult } from './load-result.js';
import { parseCount, parseDurationMs } from './summary.js';

export interface WrkOptions {
  readonly url: string;
  readonly connections: number;
  readonly threads: number;
  readonly durationS: number;
  readonly headers?: readonly string[];
}

export function wrkArgs(o: WrkOptions): string[] {
  const args = [`-t${o.threads}`, `-c${o.connections}`, `-d${o.durationS}s`, '--latency'];
  for (const h of o.headers ?? []) args.push('-H', h);
  args.push(o.url);
  return args;
}

function fail(what: string, output: string): never {
  throw new BadRequestError(`wrk output: ${what} not found in:\n${output.slice(0, 600)}`);
}

export function parseWrkOutput(output: string): LoadResult {
  const total = /^\s*(\d+) requests in ([0-9.]+\w+),/m.exec(output) ?? fail("'N requests in T' line", output);
  const rpsLine = /^Requests\/sec:\s+([0-9.]+)/m.exec(output) ?? fail("'Requests/sec:' line", output);
  const pct = (p: number): number => {
    const m = new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(output) ?? fail(`latency ${p}% (was --latency passed?)`, output);
    return parseDurationMs(m[1]!) ?? fail(`a duration in '${m[0].trim()}'`, output);
  };
  let errors = 0;
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  if (sock) errors += Number(sock[1]) + Number(sock[2]) + Number(sock[3]) + Number(sock[4]);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  if (non2xx) errors += Number(non2xx[1]);
  const durationMs = parseDurationMs(total[2]!) ?? fail(`a duration in '${total[0].trim()}'`, output);
  return {
    tool: 'wrk',
    requests: parseCount(total[1]!) ?? 0,
    durationS: durationMs / 1000,
    rps: Number(rpsLine[1]),
    p50Ms: pct(50),
    p90Ms: pct(90),
    p99Ms: pct(99),
    errors,
  };
}
