/** assertSubset: every value a hand-written decoder produced equals what protobufjs gave at the same path. */
import assert from 'node:assert/strict';

type P = Record<string, unknown>;

/** Every value `mine` holds equals the one protobufjs gave at the same path. */
export function assertSubset(mine: unknown, theirs: unknown, path: string): void {
  if (mine instanceof Uint8Array) {
    assert.ok(theirs instanceof Uint8Array, `${path}: bytes expected`);
    assert.deepEqual(Buffer.from(mine), Buffer.from(theirs), path);
  } else if (Array.isArray(mine)) {
    assert.ok(Array.isArray(theirs), `${path}: array expected, protobufjs has ${JSON.stringify(theirs)}`);
    assert.equal(mine.length, theirs.length, `${path}.length`);
    mine.forEach((m, i) => assertSubset(m, theirs[i], `${path}[${i}]`));
  } else if (mine !== null && typeof mine === 'object') {
    assert.ok(theirs !== null && typeof theirs === 'object', `${path}: object expected, protobufjs has ${JSON.stringify(theirs)}`);
    for (const [k, v] of Object.entries(mine)) assertSubset(v, (theirs as P)[k], `${path}.${k}`);
  } else {
    assert.equal(mine, theirs, path);
  }
}

