/**
 * Repairs indentation made of non-breaking spaces (U+00A0). Books and web pages print YAML that way, and
 * YAML does not count U+00A0 as indentation, so a pasted manifest would not parse. Leading runs of
 * U+00A0 (alone or mixed with spaces) become spaces; U+00A0 anywhere else is left alone.
 */

export interface NbspRepair {
  readonly text: string;
  /** 1-based numbers of the lines whose indentation was repaired; empty when nothing changed. */
  readonly lines: readonly number[];
}

const LEADING = /^[ \u00a0]+/;

export function repairNbspIndentation(text: string): NbspRepair {
  if (!text.includes('\u00a0')) return { text, lines: [] };
  const lines: number[] = [];
  const out = text.split('\n').map((line, i) => {
    const lead = LEADING.exec(line)?.[0];
    if (lead === undefined || !lead.includes('\u00a0')) return line;
    lines.push(i + 1);
    return ' '.repeat(lead.length) + line.slice(lead.length);
  });
  return { text: out.join('\n'), lines };
}

/** `3-5, 9, 12-14`: line numbers as compact ranges. */
export function formatLineRanges(lines: readonly number[]): string {
  const parts: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  const flush = () => {
    if (start === undefined || prev === undefined) return;
    parts.push(start === prev ? `${start}` : `${start}-${prev}`);
  };
  for (const n of lines) {
    if (prev !== undefined && n === prev + 1) {
      prev = n;
      continue;
    }
    flush();
    start = n;
    prev = n;
  }
  flush();
  return parts.join(', ');
}

export function nbspWarning(file: string, lines: readonly number[]): string {
  return (
    `${file}: lines ${formatLineRanges(lines)} are indented with non-breaking spaces (U+00A0), ` +
    'as text copied from a book or web page often is; they were read as ordinary spaces'
  );
}
