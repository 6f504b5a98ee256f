/**
 * `-f FILE|DIR|-`: reads manifests from a file, a directory's *.yaml/*.yml files (sorted, not
 * recursive) or stdin, and loads them with line numbers. Any YAML problem stops before anything is sent.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BadRequestError, ValidationError, type Violation } from '../core/errors.js';
import { loadManifests } from '../api/k8s/load.js';
import type { SourceDocument } from '../api/k8s/types.js';

export interface LoadedSources {
  readonly documents: readonly SourceDocument[];
  readonly warnings: readonly string[];
  /** YAML problems; when there are any, nothing should be sent. */
  readonly errors: readonly Violation[];
}

function filesOf(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new BadRequestError(`the path "${path}" does not exist`);
  }
  if (!stat.isDirectory()) return [path];
  const files = readdirSync(path).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(path, f));
  if (files.length === 0) throw new BadRequestError(`the directory "${path}" has no .yaml or .yml files`);
  return files;
}

/** Reads every `-f` argument in order; `readStdin` is called once for `-`. */
export function readSources(paths: readonly string[], readStdin: () => string): LoadedSources {
  const documents: SourceDocument[] = [];
  const warnings: string[] = [];
  const errors: Violation[] = [];
  for (const path of paths) {
    const entries = path === '-' ? [{ file: '<stdin>', text: readStdin() }] : filesOf(path).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    for (const { file, text } of entries) {
      const loaded = loadManifests(text, file);
      warnings.push(...loaded.warnings);
      if (loaded.ok) documents.push(...loaded.documents);
      else errors.push(...loaded.errors);
    }
  }
  return { documents, warnings, errors };
}

/** Prints the warnings, then throws when any file could not be read as YAML. */
export function documentsOrThrow(sources: LoadedSources, warn: (warnings: readonly string[]) => void): readonly SourceDocument[] {
  warn(sources.warnings);
  if (sources.errors.length > 0) throw new ValidationError(sources.errors, { subject: 'manifests' });
  if (sources.documents.length === 0) throw new BadRequestError('no objects passed: the files hold no YAML documents');
  return sources.documents;
}

export function readStdinSync(): string {
  return readFileSync(0, 'utf8');
}
