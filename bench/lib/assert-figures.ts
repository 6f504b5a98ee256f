/** Test helper: compares the numeric fields of a parsed result with expected values, naming the case and field. */
import assert from 'node:assert/strict';

export function assertFigures<T extends object>(label: string, got: T, want: Partial<Record<keyof T, number>>, tolerance = 1e-9): void {
  for (const [k, v] of Object.entries(want) as Array<[keyof T & string, number]>) {
    const g = got[k];
    assert.ok(typeof g === 'number' && Math.abs(g - v) <= tolerance, `${label}.${k}: got ${String(g)}, want ${v}`);
  }
}
