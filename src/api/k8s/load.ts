/**
 * Reads manifest text (one or more YAML documents) into documents that remember the line of every
 * field, so later violations can say `green.yaml:14: spec.listeners[0].portMapping.port: ...`.
 * Pure: the caller reads files or stdin. Bad YAML yields precise errors and no documents.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { Violation } from '../../core/errors.js';
import { findIndentationProblems } from './indentation.js';
import { nbspWarning, repairNbspIndentation } from './nbsp.js';
import { formatPath, type SourceDocument } from './types.js';

export type LoadResult =
  | { readonly ok: true; readonly documents: readonly SourceDocument[]; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly errors: readonly Violation[]; readonly warnings: readonly string[] };

export function loadManifests(text: string, file: string): LoadResult {
  const repair = repairNbspIndentation(text);
  const warnings = repair.lines.length > 0 ? [nbspWarning(file, repair.lines)] : [];
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(repair.text, { lineCounter, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const yamlErrors = docs.flatMap((d) => d.errors);
  if (yamlErrors.length > 0) {
    const located = findIndentationProblems(repair.text).map((p) => ({ field: '', message: p.message, source: { file, line: p.line } }));
    if (located.length > 0) return { ok: false, errors: located, warnings };
    const errors = yamlErrors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return { field: '', message: `${message} (column ${pos.col})`, source: { file, line: pos.line } };
    });
    return { ok: false, errors, warnings };
  }
  const documents: SourceDocument[] = [];
  const errors: Violation[] = [];
  for (const doc of docs) {
    const contents = doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    const line = lineCounter.linePos(contents.range[0]).line;
    if (!isMap(contents)) {
      errors.push({ field: '', message: 'a manifest must be a mapping with apiVersion, kind and metadata', source: { file, line } });
      continue;
    }
    const fieldLines: Record<string, number> = {};
    recordLines(contents, [], lineCounter, fieldLines);
    documents.push({ file, line, object: doc.toJS({ maxAliasCount: 100 }) as unknown, fieldLines });
  }
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, documents, warnings };
}

function recordLines(node: Node, path: (string | number)[], lc: LineCounter, out: Record<string, number>): void {
  const at = (offset: number | undefined) => (offset === undefined ? undefined : lc.linePos(offset).line);
  const here = at(node.range?.[0]);
  if (here !== undefined && out[formatPath(path)] === undefined) out[formatPath(path)] = here;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const childPath = [...path, key];
      const keyLine = isScalar(pair.key) ? at(pair.key.range?.[0]) : undefined;
      if (keyLine !== undefined) out[formatPath(childPath)] = keyLine;
      if (pair.value && typeof pair.value === 'object' && 'range' in pair.value) recordLines(pair.value as Node, childPath, lc, out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (item && typeof item === 'object' && 'range' in item) recordLines(item as Node, [...path, i], lc, out);
    });
  }
}
