import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOOK_FIXTURES } from '../../../test/support/paths.js';
import { formatViolation } from '../../core/errors.js';
import { loadManifests } from './load.js';
import { formatLineRanges, repairNbspIndentation } from './nbsp.js';

const book = (name: string) => readFileSync(join(BOOK_FIXTURES, name), 'utf8');

test('indentation made of non-breaking spaces is read as spaces, with one warning naming the lines', () => {
  const text = book('10-virtualnode-green.yaml');
  assert.ok(text.includes('\u00a0'), 'the fixture keeps the book text');
  const r = loadManifests(text, 'green.yaml');
  assert.equal(r.ok, true);
  assert.deepEqual(r.warnings, [
    'green.yaml: lines 5-6, 8-24 are indented with non-breaking spaces (U+00A0), as text copied from a book or web page often is; they were read as ordinary spaces',
  ]);
  if (!r.ok) return;
  const obj = r.documents[0]!.object as { spec: { listeners: { portMapping: { port: number } }[] } };
  assert.equal(obj.spec.listeners[0]!.portMapping.port, 8081);
  assert.equal(r.documents[0]!.fieldLines['spec.listeners[0].portMapping.port'], 13);
});

test('the book\'s consumer VirtualNode is rejected at the lines whose indentation is broken', () => {
  const r = loadManifests(book('14-virtualnode-consumer.yaml'), 'consumer.yaml');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(r.errors.map(formatViolation), [
    'consumer.yaml:19: bad indentation of a mapping entry: "name" is at column 22, deeper than "namespace" on line 18, whose value is already given; expected column 11 to continue that mapping',
    'consumer.yaml:23: bad indentation of a mapping entry: "name" is at column 20, which matches no enclosing block; expected column 21 (the block of "virtualServiceRef" from line 21) or column 9 (the block of "virtualService" from line 20)',
  ]);
  assert.equal(r.warnings.length, 1, 'the non-breaking spaces are still reported');
});

test('multi-document files keep each document\'s start line and skip empty documents', () => {
  const r = loadManifests('---\nkind: Namespace\napiVersion: v1\nmetadata:\n  name: a\n---\n---\n# only a comment\n---\nkind: Namespace\napiVersion: v1\nmetadata:\n  name: b\n', 'ns.yaml');
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.deepEqual(r.documents.map((d) => [d.line, (d.object as { metadata: { name: string } }).metadata.name]), [[2, 'a'], [10, 'b']]);
  assert.deepEqual(r.warnings, []);
});

const broken: { name: string; text: string; expected: string }[] = [
  { name: 'a tab in the indentation', text: 'kind: Namespace\nmetadata:\n\tname: a\n', expected: 'ns.yaml:3: ' },
  { name: 'an unclosed flow sequence', text: 'kind: Namespace\nmetadata: [a, b\n', expected: 'ns.yaml:' },
  { name: 'a duplicate key', text: 'kind: Namespace\nkind: Service\n', expected: 'ns.yaml:2: ' },
  { name: 'a top-level list', text: '- a\n- b\n', expected: 'ns.yaml:1: a manifest must be a mapping' },
];
for (const c of broken) {
  test(`bad YAML is reported with file and line: ${c.name}`, () => {
    const r = loadManifests(c.text, 'ns.yaml');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.ok(r.errors.length > 0);
    assert.ok(formatViolation(r.errors[0]!).startsWith(c.expected), formatViolation(r.errors[0]!));
  });
}

test('only leading non-breaking spaces are repaired', () => {
  const r = repairNbspIndentation('a:\n\u00a0 \u00a0b: x\u00a0y\nc: d\n');
  assert.equal(r.text, 'a:\n   b: x\u00a0y\nc: d\n');
  assert.deepEqual(r.lines, [2]);
  assert.equal(formatLineRanges([1, 2, 3, 5, 7, 8]), '1-3, 5, 7-8');
});
