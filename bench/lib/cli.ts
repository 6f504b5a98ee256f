/** What every benchmark entry point shares on its command line: option parsers and how a run ends. */
import { InvalidArgumentError } from 'commander';

/** A commander option parser for a whole number above zero. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return n;
}

/** Runs a benchmark's `main`; a failure is one line on stderr, prefixed with the benchmark's name, and exit status 1. */
export async function runBenchmark(name: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
