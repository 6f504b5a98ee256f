/**
 * The CLI's one error edge: every problem becomes one line on stderr (a violation per line, with its
 * file and line when it came from a manifest) and the process exits non-zero.
 */
import { errorMessage, formatViolation, ValidationError } from '../core/errors.js';

export function errorLines(err: unknown): string[] {
  if (err instanceof ValidationError) return err.violations.map((v) => `error: ${formatViolation(v)}`);
  return [`error: ${errorMessage(err)}`];
}

export type Write = (text: string) => void;

export interface CliIo {
  readonly out: Write;
  readonly err: Write;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export function printWarnings(io: CliIo, warnings: readonly string[]): void {
  for (const w of warnings) io.err(`Warning: ${w}\n`);
}
