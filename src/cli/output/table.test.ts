import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTable, humanDuration } from './table.js';

const S = 1000;
const ages: [number, string][] = [
  [-5 * S, '<invalid>'], [0, '0s'], [103 * S, '103s'], [170 * S, '2m50s'], [7 * 60 * S + 37 * S, '7m37s'], [5 * 60 * S, '5m'],
  [53 * 60 * S, '53m'], [8 * 3600 * S, '8h'], [3 * 3600 * S + 5 * 60 * S, '3h5m'], [23 * 3600 * S, '23h'], [(5 * 24 + 3) * 3600 * S, '5d3h'],
  [30 * 24 * 3600 * S, '30d'], [(3 * 365 + 10) * 24 * 3600 * S, '3y10d'],
];
for (const [ms, expected] of ages) test(`AGE of ${ms} ms reads ${expected}, as kubectl prints it`, () => assert.equal(humanDuration(ms), expected));

test('tables are laid out as kubectl lays them out: columns padded to the widest cell plus three spaces', () => {
  const out = formatTable(['NAMESPACE', 'NAME', 'ARN', 'AGE'], [
    ['blue', 'blue-v1', 'arn:aws:appmesh:eu-central-1:112233:mesh/webapp/virtualNode/blue-v1_blue', '2m50s'],
    ['green', 'green-v1', 'arn:aws:appmesh:eu-central-1:112233:mesh/webapp/virtualNode/green-v1_green', '103s'],
  ]);
  assert.equal(out, [
    'NAMESPACE   NAME       ARN                                                                          AGE',
    'blue        blue-v1    arn:aws:appmesh:eu-central-1:112233:mesh/webapp/virtualNode/blue-v1_blue     2m50s',
    'green       green-v1   arn:aws:appmesh:eu-central-1:112233:mesh/webapp/virtualNode/green-v1_green   103s',
    '',
  ].join('\n'));
  assert.equal(formatTable(['A', 'B'], [['x', 'y']]), 'A     B\nx     y\n', 'narrow columns are at least 6 wide');
});
