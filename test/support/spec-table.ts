/**
 * Table-driven spec validation tests: a valid base spec per kind, and cases that change one path and
 * state exactly which violations (field path and message) `validateSpec` must report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Violation } from '../../src/core/errors.js';
import type { AppMeshKind } from '../../src/api/kinds.js';
import { validateSpec } from '../../src/api/validate.js';

export interface SpecCase {
  readonly name: string;
  /** Path (relative to spec, `listeners[0].portMapping.port`) → new value; `undefined` deletes the member. */
  readonly set: Readonly<Record<string, unknown>>;
  /** Expected violations as [field, message], in the order reported; [] = valid. Fields start with `spec`. */
  readonly expect: readonly (readonly [field: string, message: string])[];
}

function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
  return out;
}

/** A deep copy of `base` with `path` set to `value` (intermediate objects created as needed). */
export function withValue(base: unknown, path: string, value: unknown): unknown {
  const root: unknown = structuredClone(base);
  const segs = parsePath(path);
  let cur = root as Record<string | number, unknown>;
  segs.slice(0, -1).forEach((seg, i) => {
    if (cur[seg] === undefined) cur[seg] = typeof segs[i + 1] === 'number' ? [] : {};
    cur = cur[seg] as Record<string | number, unknown>;
  });
  const last = segs[segs.length - 1] as string | number;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return root;
}

function fieldOf(path: string): string {
  return path === '' ? 'spec' : path.startsWith('[') ? `spec${path}` : `spec.${path}`;
}

/** Integer limits: min and max pass, min-1 and max+1 fail with `message`. */
export function intLimits(path: string, min: number, max: number | undefined, message: string): SpecCase[] {
  const cases: SpecCase[] = [
    { name: `${path} = ${min}`, set: { [path]: min }, expect: [] },
    { name: `${path} = ${min - 1}`, set: { [path]: min - 1 }, expect: [[fieldOf(path), message]] },
  ];
  if (max !== undefined) {
    cases.push({ name: `${path} = ${max}`, set: { [path]: max }, expect: [] });
    cases.push({ name: `${path} = ${max + 1}`, set: { [path]: max + 1 }, expect: [[fieldOf(path), message]] });
  }
  return cases;
}

/** String length limits: lengths min and max pass, min-1 and max+1 fail with `message`. */
export function lengthLimits(path: string, min: number, max: number | undefined, message: string, fill = 'a'): SpecCase[] {
  const cases: SpecCase[] = [
    { name: `${path} of ${min} chars`, set: { [path]: fill.repeat(min) }, expect: [] },
    { name: `${path} of ${min - 1} chars`, set: { [path]: fill.repeat(min - 1) }, expect: [[fieldOf(path), message]] },
  ];
  if (max !== undefined) {
    cases.push({ name: `${path} of ${max} chars`, set: { [path]: fill.repeat(max) }, expect: [] });
    cases.push({ name: `${path} of ${max + 1} chars`, set: { [path]: fill.repeat(max + 1) }, expect: [[fieldOf(path), message]] });
  }
  return cases;
}

/** Enum members: every value passes, an unknown one fails with the sorted list. */
export function enumValues(path: string, values: readonly string[]): SpecCase[] {
  return [
    ...values.map((v) => ({ name: `${path} = ${v}`, set: { [path]: v }, expect: [] })),
    { name: `${path} unknown`, set: { [path]: 'bogus' }, expect: [[fieldOf(path), `must be one of ${[...values].sort().join(', ')}`]] as const },
  ];
}

/** One failing case. */
export function invalid(name: string, set: Record<string, unknown>, ...expect: (readonly [string, string])[]): SpecCase {
  return { name, set, expect: expect.map(([f, m]) => [fieldOf(f), m] as const) };
}

/** One passing case. */
export function valid(name: string, set: Record<string, unknown>): SpecCase {
  return { name, set, expect: [] };
}

/** Registers one node:test test per case. */
export function specTable(kind: AppMeshKind, base: unknown, cases: readonly SpecCase[]): void {
  test(`${kind}: the base spec is valid`, () => assert.deepEqual(validateSpec(kind, base), []));
  for (const c of cases) {
    test(`${kind}: ${c.name}`, () => {
      let spec = base;
      for (const [path, value] of Object.entries(c.set)) spec = withValue(spec, path, value);
      const got: Violation[] = validateSpec(kind, spec);
      assert.deepEqual(
        got.map((v) => [v.field, v.message]),
        c.expect.map(([f, m]) => [f, m]),
      );
    });
  }
}
