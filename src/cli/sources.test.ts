import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatViolation } from '../core/errors.js';
import { documentsOrThrow, readSources } from './sources.js';

const NS = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const names = (docs: readonly { object: unknown }[]) => docs.map((d) => (d.object as { metadata: { name: string } }).metadata.name);

test('-f takes files, directories (yaml and yml, sorted, not recursive) and - for stdin, in order', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-sources-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'b.yml'), NS('b'));
  writeFileSync(join(dir, 'a.yaml'), `${NS('a1')}---\n${NS('a2')}`);
  writeFileSync(join(dir, 'notes.txt'), 'not yaml: [');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'c.yaml'), NS('c'));
  let stdinReads = 0;
  const r = readSources([join(dir, 'sub', 'c.yaml'), dir, '-'], () => (stdinReads++, NS('stdin')));
  assert.deepEqual(names(r.documents), ['c', 'a1', 'a2', 'b', 'stdin']);
  assert.deepEqual(r.documents.map((d) => [d.file.replace(dir, 'DIR'), d.line]), [
    ['DIR/sub/c.yaml', 1], ['DIR/a.yaml', 1], ['DIR/a.yaml', 6], ['DIR/b.yml', 1], ['<stdin>', 1],
  ]);
  assert.equal(stdinReads, 1);
});

test('missing paths, empty directories and empty input are clear errors', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-sources-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.throws(() => readSources([join(dir, 'nope.yaml')], () => ''), { message: `the path "${join(dir, 'nope.yaml')}" does not exist` });
  assert.throws(() => readSources([dir], () => ''), { message: `the directory "${dir}" has no .yaml or .yml files` });
  assert.throws(() => documentsOrThrow(readSources(['-'], () => '# nothing\n'), () => undefined), { message: 'no objects passed: the files hold no YAML documents' });
});

test('YAML problems in any file stop everything, after the warnings are shown', () => {
  const warned: string[] = [];
  const sources = readSources(['-'], () => `${NS('ok')}---\nkind: Namespace\nmetadata:\n  name: a\n   labels: {}\n`);
  assert.throws(() => documentsOrThrow(sources, (w) => warned.push(...w)), (err: Error & { violations?: unknown[] }) => {
    assert.equal(err.violations?.length, 1);
    assert.match(formatViolation(err.violations![0] as never), /^<stdin>:9: /);
    return true;
  });
  assert.deepEqual(warned, []);
});
