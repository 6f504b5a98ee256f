/**
 * The schedule of bench:proxy's interleaved rounds: how many rounds a run has, which loads run in a round,
 * and the order of the rows in each round, rotated so that no row always follows the same one.
 * Pure; tested in rounds.test.ts.
 */

/** As many rounds as the load with the most runs has runs. */
export function roundCount(runsPerLoad: readonly number[]): number {
  return Math.max(0, ...runsPerLoad.map((n) => Math.floor(n)));
}

/** True when a load of `runs` runs has a run in round `round` (from 1): its runs fill the first rounds. */
export function runsInRound(runs: number, round: number): boolean {
  return round <= Math.floor(runs);
}

/** The rows in the order round `round` (from 1) measures them: round 1 `a b c`, round 2 `b c a`, round 3 `c a b`, … */
export function roundOrder<T>(rows: readonly T[], round: number): T[] {
  if (rows.length === 0) return [];
  const shift = (round - 1) % rows.length;
  return [...rows.slice(shift), ...rows.slice(0, shift)];
}
