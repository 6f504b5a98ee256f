/** StringMatcher / HeaderMatcher / QueryParameterMatcher protos → precompiled matchers. */
import type { HeaderMatcher, PathMatch, QueryMatcher, StringMatcher } from './model.js';
import { bool, ConfigError, num, obj, objs, oneof, regex, str, type P } from './proto-read.js';

export function compileStringMatcher(m: P, path: string): StringMatcher {
  const ignoreCase = bool(m['ignore_case']);
  const kind = oneof(m, 'match_pattern');
  switch (kind) {
    case 'exact':
    case 'prefix':
    case 'suffix':
    case 'contains':
      return { kind, value: ignoreCase ? str(m[kind]).toLowerCase() : str(m[kind]), regex: undefined, ignoreCase };
    case 'safe_regex': {
      const pattern = str(obj(m['safe_regex'])?.['regex']);
      return { kind: 'regex', value: pattern, regex: regex(pattern, `${path}.safe_regex.regex`, ignoreCase ? 'i' : ''), ignoreCase };
    }
    default:
      throw new ConfigError(path, `unsupported string matcher '${kind || 'none'}'`);
  }
}

export function matchString(m: StringMatcher, raw: string): boolean {
  const value = m.ignoreCase && m.kind !== 'regex' ? raw.toLowerCase() : raw;
  switch (m.kind) {
    case 'exact':
      return value === m.value;
    case 'prefix':
      return value.startsWith(m.value);
    case 'suffix':
      return value.endsWith(m.value);
    case 'contains':
      return value.includes(m.value);
    case 'regex':
      return m.regex!.test(value);
  }
}

function headerSpecifier(h: P, path: string): HeaderMatcher['match'] {
  const which = oneof(h, 'header_match_specifier');
  switch (which) {
    case 'exact_match':
      return { kind: 'string', matcher: { kind: 'exact', value: str(h[which]), regex: undefined, ignoreCase: false } };
    case 'prefix_match':
      return { kind: 'string', matcher: { kind: 'prefix', value: str(h[which]), regex: undefined, ignoreCase: false } };
    case 'suffix_match':
      return { kind: 'string', matcher: { kind: 'suffix', value: str(h[which]), regex: undefined, ignoreCase: false } };
    case 'contains_match':
      return { kind: 'string', matcher: { kind: 'contains', value: str(h[which]), regex: undefined, ignoreCase: false } };
    case 'safe_regex_match': {
      const pattern = str(obj(h[which])?.['regex']);
      return { kind: 'string', matcher: { kind: 'regex', value: pattern, regex: regex(pattern, `${path}.safe_regex_match.regex`), ignoreCase: false } };
    }
    case 'string_match':
      return { kind: 'string', matcher: compileStringMatcher(obj(h[which]) ?? {}, `${path}.string_match`) };
    case 'present_match':
      return { kind: 'present', present: bool(h[which]) };
    case 'range_match': {
      const r = obj(h[which]) ?? {};
      return { kind: 'range', start: num(r['start']), end: num(r['end']) };
    }
    case '':
      return { kind: 'present', present: true };
    default:
      throw new ConfigError(path, `unsupported header matcher '${which}'`);
  }
}

export function compileHeaderMatchers(list: unknown, path: string): HeaderMatcher[] {
  return objs(list).map((h, i) => ({
    name: str(h['name']).toLowerCase(),
    match: headerSpecifier(h, `${path}[${i}]`),
    invert: bool(h['invert_match']),
  }));
}

export function compileQueryMatchers(list: unknown, path: string): QueryMatcher[] {
  return objs(list).map((q, i) => {
    const sm = obj(q['string_match']);
    return {
      name: str(q['name']),
      matcher: oneof(q, 'query_parameter_match_specifier') === 'string_match' && sm ? compileStringMatcher(sm, `${path}[${i}].string_match`) : undefined,
    };
  });
}

export function compilePathMatch(m: P, path: string): PathMatch {
  const caseSensitive = obj(m['case_sensitive']) === undefined ? true : obj(m['case_sensitive'])!['value'] === true;
  const which = oneof(m, 'path_specifier');
  const fold = (s: string) => (caseSensitive ? s : s.toLowerCase());
  switch (which) {
    case 'prefix':
      return { kind: 'prefix', value: fold(str(m['prefix'])), caseSensitive };
    case 'path':
      return { kind: 'path', value: fold(str(m['path'])), caseSensitive };
    case 'path_separated_prefix':
      return { kind: 'separated-prefix', value: fold(str(m['path_separated_prefix'])), caseSensitive };
    case 'safe_regex': {
      const pattern = str(obj(m['safe_regex'])?.['regex']);
      return { kind: 'regex', regex: regex(pattern, `${path}.safe_regex.regex`) };
    }
    default:
      throw new ConfigError(path, `unsupported path specifier '${which || 'none'}'`);
  }
}
