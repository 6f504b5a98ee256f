import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumpTotal } from './callgrind.js';

test('dumpTotal reads the instruction total of a callgrind dump', () => {
  const dump = '# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\npid: 4242\ncmd:  /usr/bin/node x.js\npart: 1\n\ndesc: Trigger: dump measured\n\npositions: line\nevents: Ir\nsummary: 683719299\n\n\nfl=(1) ???\nfn=(1) 0x0000000000108090\n0 3\n\ntotals: 683719299\n';
  assert.equal(dumpTotal(dump), 683_719_299);
  assert.throws(() => dumpTotal('events: Ir\n'), /no summary or totals line/);
});

