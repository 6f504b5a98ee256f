import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundCount, roundOrder, runsInRound } from './rounds.js';

test('as many rounds as the load with the most runs; a load with fewer runs skips the later rounds', () => {
  assert.equal(roundCount([3, 2]), 3);
  assert.equal(roundCount([1, 1]), 1);
  assert.equal(roundCount([2, 5]), 5);
  assert.deepEqual([1, 2, 3].map((k) => runsInRound(2, k)), [true, true, false]);
});

test('the order of the rows rotates by one each round, so no row always follows the same one', () => {
  const rows = ['a', 'b', 'c', 'd'];
  assert.deepEqual([1, 2, 3, 4, 5].map((k) => roundOrder(rows, k).join('')), ['abcd', 'bcda', 'cdab', 'dabc', 'abcd']);
  assert.deepEqual(roundOrder([], 2), []);
  assert.deepEqual(roundOrder(rows, 1), rows);
});
