import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { findIndentationProblems } from './indentation.js';

/** Valid layouts: the check must find nothing in them (the YAML parser agrees they are valid). */
const valid: { name: string; text: string }[] = [
  { name: 'a list at the same column as its key', text: 'spec:\n  ports:\n  - port: 8080\n    name: http\n  selector:\n    app: x\n' },
  { name: 'a list indented under its key', text: 'spec:\n  listeners:\n    - portMapping:\n        port: 8081\n      healthCheck:\n        path: /id\n' },
  { name: 'block scalars with deeper lines', text: 'data:\n  script: |\n    echo: a\n      b: c\n  next: 1\n' },
  { name: 'comments and blank lines anywhere', text: 'a:\n  # note\n\n      # deep comment\n  b: 1\n' },
  { name: 'several documents', text: '---\na:\n  b: 1\n---\nc:\n    d: 2\n' },
  { name: 'nested lists of maps', text: 'a:\n  - b:\n      - c: 1\n        d: 2\n  - e: 3\n' },
  { name: 'quoted keys', text: 'metadata:\n  annotations:\n    "x.io/y": z\n    \'q\': r\n' },
];
for (const c of valid) {
  test(`no indentation problem in ${c.name}`, () => {
    assert.deepEqual(parseAllDocuments(c.text).flatMap((d) => d.errors.map((e) => e.message)), [], 'the fixture is valid YAML');
    assert.deepEqual(findIndentationProblems(c.text), []);
  });
}

const broken: { name: string; text: string; expected: { line: number; message: string }[] }[] = [
  {
    name: 'an entry deeper than a sibling that has a value',
    text: 'metadata:\n  name: a\n    namespace: b\n',
    expected: [{ line: 3, message: 'bad indentation of a mapping entry: "namespace" is at column 5, deeper than "name" on line 2, whose value is already given; expected column 3 to continue that mapping' }],
  },
  {
    name: 'an entry between two blocks',
    text: 'spec:\n  provider:\n    virtualNode:\n      name: a\n     namespace: b\n',
    expected: [{ line: 5, message: 'bad indentation of a mapping entry: "namespace" is at column 6, which matches no enclosing block; expected column 7 (the block of "virtualNode" from line 3) or column 5 (the block of "provider" from line 2)' }],
  },
];
for (const c of broken) {
  test(`the problem line is found: ${c.name}`, () => {
    assert.ok(parseAllDocuments(c.text).some((d) => d.errors.length > 0), 'the fixture is invalid YAML');
    assert.deepEqual(findIndentationProblems(c.text), c.expected);
  });
}
