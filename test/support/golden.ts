/**
 * Golden files: compares a value's pretty JSON with `testdata/<name>.json` next to the test's source
 * file. `UPDATE_GOLDEN_FILES=true` rewrites the files instead.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `dist/src/x/y.test.js` → `src/x/testdata`. */
export function testdataDir(testFileUrl: string): string {
  const compiled = dirname(fileURLToPath(testFileUrl));
  return join(compiled.replace(/([/\\])dist([/\\])/, '$1'), 'testdata');
}

export function assertGolden(testFileUrl: string, name: string, actual: unknown): void {
  const file = join(testdataDir(testFileUrl), `${name}.json`);
  const text = JSON.stringify(actual, null, 2) + '\n';
  if (process.env['UPDATE_GOLDEN_FILES'] === 'true') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  assert.ok(existsSync(file), `golden file ${file} is missing (run with UPDATE_GOLDEN_FILES=true to create it)`);
  assert.deepEqual(JSON.parse(text), JSON.parse(readFileSync(file, 'utf8')), `output differs from ${file}`);
}
