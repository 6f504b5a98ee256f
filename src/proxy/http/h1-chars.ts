/**
 * Character classes of HTTP/1.1 heads as one 256-entry table of bit flags over latin1 bytes, and the
 * few scans built on it, so the head parsers test a character with one table load instead of a regex
 * per line. The parsers scan a head's bytes (a typed-array load costs about half a `charCodeAt`) and
 * slice names and values from the head decoded once as latin1, where char code i is byte i.
 */

/** tchar (RFC 9110 §5.6.2): ``!#$%&'*+-.^_`|~``, digits and letters. Methods and header names. */
export const TOKEN = 1;
/** Visible ASCII, 0x21–0x7e: a request target. */
export const TARGET = 2;
/** A field value's characters: HT, SP, visible ASCII and obs-text 0x80–0xff; no NUL, CR, LF or DEL. */
export const VALUE = 4;
/** Optional whitespace (OWS, RFC 9110 §5.6.3): SP and HT, around field values and list elements. */
export const SPACE = 8;
/** A–Z: a name with one needs lower-casing. */
export const UPPER = 16;
/** 0–9. */
export const DIGIT = 32;

/** The class flags of each byte. */
export const CHARS: Uint8Array = classify();

function classify(): Uint8Array {
  const table = new Uint8Array(256);
  const mark = (from: number, to: number, flag: number) => {
    for (let c = from; c <= to; c++) table[c]! |= flag;
  };
  for (const c of "!#$%&'*+-.^_`|~") mark(c.charCodeAt(0), c.charCodeAt(0), TOKEN);
  mark(0x30, 0x39, TOKEN | DIGIT);
  mark(0x41, 0x5a, TOKEN | UPPER);
  mark(0x61, 0x7a, TOKEN);
  mark(0x21, 0x7e, TARGET | VALUE);
  mark(0x09, 0x09, VALUE);
  mark(0x20, 0x20, VALUE);
  mark(0x80, 0xff, VALUE);
  mark(0x09, 0x09, SPACE);
  mark(0x20, 0x20, SPACE);
  return table;
}

/*
 * The scans below copy CHARS to a local before their loops, as the parsers do: optimized code reloads
 * and re-checks a module binding at every use inside a loop, which costs more than the table load.
 */

/** Whether every byte from `from` to `to` (exclusive) is in `cls`; true when there are none. */
export function allIn(bytes: Uint8Array, from: number, to: number, cls: number): boolean {
  const chars = CHARS;
  for (let i = from; i < to; i++) if ((chars[bytes[i]!]! & cls) === 0) return false;
  return true;
}

/** Whether every char of `text` from `from` to `to` (exclusive) is in `cls` (a char above 0xff is in none). */
export function allCharsIn(text: string, from: number, to: number, cls: number): boolean {
  const chars = CHARS;
  for (let i = from; i < to; i++) if ((chars[text.charCodeAt(i)]! & cls) === 0) return false;
  return true;
}

/** The first index from `from` (up to `to`) whose char is not SP or HT. */
export function skipSpace(text: string, from: number, to: number): number {
  const chars = CHARS;
  while (from < to && (chars[text.charCodeAt(from)]! & SPACE) !== 0) from++;
  return from;
}

/** The index just past the last char before `to` (down to `from`) that is not SP or HT. */
export function skipSpaceBack(text: string, from: number, to: number): number {
  const chars = CHARS;
  while (to > from && (chars[text.charCodeAt(to - 1)]! & SPACE) !== 0) to--;
  return to;
}

/**
 * Whether the comma-separated list `value` has an element that, with SP and HT around it removed, is
 * `token` (lower-case) in any ASCII case: `/(?:^|,)[ \t]*token[ \t]*(?:,|$)/i`.
 */
export function hasListToken(value: string, token: string): boolean {
  for (let from = 0; from <= value.length; ) {
    let to = value.indexOf(',', from);
    if (to < 0) to = value.length;
    const s = skipSpace(value, from, to);
    if (skipSpaceBack(value, s, to) - s === token.length && equalsLowerCase(value, s, token)) return true;
    from = to + 1;
  }
  return false;
}

/** Whether `text` at `at` holds `lower` (lower-case ASCII) in any ASCII case. */
function equalsLowerCase(text: string, at: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    const c = text.charCodeAt(at + k);
    const want = lower.charCodeAt(k);
    if (c !== want && (c < 0x41 || c > 0x5a || c + 32 !== want)) return false;
  }
  return true;
}

/**
 * Where the first CR LF CR LF in `bytes` starts, searching from `from` for one that ends at or before
 * `limit`; -1 when there is none. A Horspool scan: it reads about one byte in four of a line's text,
 * and costs less than a call into Buffer#indexOf for a head of a few hundred bytes.
 */
export function blankLineAt(bytes: Uint8Array, from: number, limit: number): number {
  const end = Math.min(limit, bytes.length);
  let i = from + 3;
  while (i < end) {
    const c = bytes[i]!;
    if (c === 10) {
      if (bytes[i - 1] === 13 && bytes[i - 2] === 10 && bytes[i - 3] === 13) return i - 3;
      i += 2;
    } else i += c === 13 ? 1 : 4;
  }
  return -1;
}
