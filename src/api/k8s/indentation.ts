/**
 * Explains broken indentation in block YAML precisely, after the YAML parser has already refused the
 * text. The parser's own messages point at where it gave up; this check points at the line that is
 * wrong and says what was expected: a mapping entry indented deeper than a sibling whose value is
 * already given, or an entry whose indentation matches no enclosing block.
 */

export interface IndentProblem {
  /** 1-based line. */
  readonly line: number;
  readonly message: string;
}

/** An open block: its indentation and the entry that opened it (`key` '' at the top, '-' for a list item). */
interface Level {
  readonly indent: number;
  readonly line: number;
  readonly key: string;
}

const ENTRY = /^(- +)?([^\s#'"{[][^:#]*?|'[^']*'|"[^"]*"):(?:\s|$)/;
const BLOCK_SCALAR = /:\s*[|>][-+0-9]*\s*(#.*)?$/;

/** Returns the indentation problems found; empty when the layout is consistent. */
export function findIndentationProblems(text: string): IndentProblem[] {
  const problems: IndentProblem[] = [];
  let levels: Level[] = [];
  /** The previous entry, and whether its value is a block still to come on the following lines. */
  let prev: (Level & { expectsBlock: boolean }) | undefined;
  let scalarIndent: number | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const body = raw.trimStart();
    const indent = raw.length - body.length;
    if (body === '' || body.startsWith('#')) continue;
    if (scalarIndent !== undefined && indent > scalarIndent) continue;
    scalarIndent = undefined;
    if (indent === 0 && (body.startsWith('---') || body.startsWith('...'))) {
      levels = [];
      prev = undefined;
      continue;
    }
    const m = ENTRY.exec(body);
    if (!m) continue;
    const dash = m[1]?.length ?? 0;
    const key = m[2]!.trim();
    const lineNo = i + 1;
    const opensBlock = prev !== undefined && prev.expectsBlock && (indent > prev.indent || (indent === prev.indent && dash > 0));
    if (!opensBlock) {
      if (prev !== undefined && indent > prev.indent && dash === 0) {
        problems.push({
          line: lineNo,
          message:
            `bad indentation of a mapping entry: "${key}" is at column ${indent + 1}, deeper than "${prev.key}" ` +
            `on line ${prev.line}, whose value is already given; expected column ${prev.indent + 1} to continue that mapping`,
        });
        continue;
      }
      if (levels.length > 0 && !levels.some((l) => l.indent === indent)) {
        const inner = levels.find((l) => l.indent > indent);
        const outer = levels.filter((l) => l.indent < indent).pop();
        const choices = [inner, outer]
          .filter((l): l is Level => l !== undefined)
          .map((l) => `column ${l.indent + 1} (${describeBlock(l)})`);
        problems.push({
          line: lineNo,
          message:
            `bad indentation of a mapping entry: "${key}" is at column ${indent + 1}, which matches no enclosing block; ` +
            `expected ${choices.join(' or ')}`,
        });
        continue;
      }
    }
    const opener = opensBlock ? prev : undefined;
    levels = levels.filter((l) => l.indent <= indent);
    if (!levels.some((l) => l.indent === indent)) levels.push({ indent, line: opener?.line ?? lineNo, key: opener?.key ?? '' });
    if (dash > 0) levels.push({ indent: indent + dash, line: lineNo, key: '-' });
    const rest = body.slice(m[0].length).trim();
    const expectsBlock = rest === '' || rest.startsWith('#') || rest.startsWith('&');
    if (BLOCK_SCALAR.test(body)) scalarIndent = indent + dash;
    prev = { indent: indent + dash, line: lineNo, key, expectsBlock };
  }
  return problems;
}

function describeBlock(l: Level): string {
  if (l.key === '') return 'the top level';
  if (l.key === '-') return `the list item on line ${l.line}`;
  return `the block of "${l.key}" from line ${l.line}`;
}
