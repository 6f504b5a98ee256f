/**
 * hey: the fixed-rate load (`-q` is a per-worker rate, so the total rate is split across `-c` workers).
 * `heyArgs` builds the command line; `parseHeyOutput` reads hey's default summary (pure, table-tested).
 * hey prints latencies in seconds with four decimals: its resolution is 0.1 ms.
 * Output without its summary lines is refused; missing percentiles are NaN.
 */
import { BadRequestError } from '../../src/core/errors.js';
import type { LoadResult } from './load-result.js';

export interface HeyOptions {
  readonly url: string;
  readonly totalRps: number;
  readonly connections: number;
  readonly durationS: number;
  readonly method?: 'GET' | 'POST';
  /** A file whose content is the request body. */
  readonly bodyFile?: string;
  readonly host?: string;
}

export function heyArgs(o: HeyOptions): string[] {
  const perWorker = o.totalRps / o.connections;
  const args = ['-z', `${o.durationS}s`, '-c', String(o.connections), '-q', String(perWorker), '-cpus', '1'];
  if (o.method) args.push('-m', o.method);
  if (o.bodyFile) args.push('-D', o.bodyFile, '-T', 'application/octet-stream');
  if (o.host) args.push('-host', o.host);
  args.push(o.url);
  return args;
}

function fail(what: string, output: string): never {
  throw new BadRequestError(`hey output: ${what} not found in:\n${output.slice(0, 600)}`);
}

/** The `[a]\tb` lines of one section: `[status]\tN responses`, or `[N]\terror message` for errors. */
function section(output: string, title: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const start = output.indexOf(title);
  if (start < 0) return out;
  for (const line of output.slice(start + title.length).split('\n').slice(1)) {
    const m = /^\s*\[([^\]]+)\]\s+(.*)$/.exec(line);
    if (!m) {
      if (line.trim() === '') continue;
      break;
    }
    out.push([m[1]!, m[2]!]);
  }
  return out;
}

export function parseHeyOutput(output: string): LoadResult {
  const total = /^\s*Total:\s+([0-9.]+) secs/m.exec(output) ?? fail("'Total:' line", output);
  const rps = /^\s*Requests\/sec:\s+([0-9.]+)/m.exec(output) ?? fail("'Requests/sec:' line", output);
  // hey leaves a percentile out (or prints `0% in 0`) when too few requests completed: NaN, shown as '–'.
  const pct = (p: number): number => {
    const m = new RegExp(`^\\s*${p}% in ([0-9.]+) secs`, 'm').exec(output);
    return m ? Number(m[1]) * 1000 : Number.NaN;
  };
  let requests = 0;
  let errors = 0;
  for (const [status, text] of section(output, 'Status code distribution:')) {
    const n = Number.parseInt(text, 10);
    requests += n;
    if (!/^[23]\d\d$/.test(status)) errors += n;
  }
  for (const [count] of section(output, 'Error distribution:')) errors += Number(count);
  return {
    tool: 'hey',
    requests,
    durationS: Number(total[1]),
    rps: Number(rps[1]),
    p50Ms: pct(50),
    p90Ms: pct(90),
    p99Ms: pct(99),
    errors,
  };
}
