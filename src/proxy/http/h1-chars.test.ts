/**
 * The character table and scans behind the head parsers agree with what they replaced: each class with
 * its regex over all 256 bytes, blankLineAt with Buffer#indexOf, hasListToken with the Connection regexes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankLineAt, CHARS, DIGIT, hasListToken, SPACE, TARGET, TOKEN, UPPER, VALUE } from './h1-chars.js';

test('each class is exactly the set of the regex it replaces', () => {
  const classes: Array<[string, number, RegExp]> = [
    ['TOKEN', TOKEN, /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/],
    ['TARGET', TARGET, /^[\x21-\x7e]$/],
    ['VALUE', VALUE, /^[\t\x20-\x7e\x80-\xff]$/],
    ['SPACE', SPACE, /^[ \t]$/],
    ['UPPER', UPPER, /^[A-Z]$/],
    ['DIGIT', DIGIT, /^\d$/],
  ];
  for (const [name, flag, regex] of classes) {
    for (let c = 0; c < 256; c++) assert.equal((CHARS[c]! & flag) !== 0, regex.test(String.fromCharCode(c)), `${name} 0x${c.toString(16)}`);
  }
});

test('blankLineAt finds what Buffer#indexOf finds, for every string of up to 8 CR, LF and other bytes, every start and limit', () => {
  const alphabet = ['\r', '\n', 'a'];
  let checked = 0;
  for (let length = 0; length <= 8; length++) {
    for (let n = 0; n < alphabet.length ** length; n++) {
      let text = '';
      for (let k = 0, m = n; k < length; k++, m = Math.floor(m / 3)) text += alphabet[m % 3];
      const buf = Buffer.from(text, 'latin1');
      for (let from = 0; from <= length; from++) {
        const first = buf.indexOf('\r\n\r\n', from, 'latin1');
        for (let limit = from; limit <= length + 1; limit++) {
          const expected = first >= 0 && first + 4 <= limit ? first : -1;
          assert.equal(blankLineAt(buf, from, limit), expected, `${JSON.stringify(text)} from ${from} limit ${limit}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 100_000);
});

test('hasListToken answers as the Connection regexes do (SP and HT around elements)', () => {
  const close = /(?:^|,)[ \t]*close[ \t]*(?:,|$)/i;
  const keepAlive = /(?:^|,)[ \t]*keep-alive[ \t]*(?:,|$)/i;
  const pieces = ['', ' ', '\t', '\xa0', '\x0b', ',', 'close', 'Close', 'CLOSE', 'closed', 'clos', 'keep-alive', 'Keep-Alive', 'keep-alive2', 'x'];
  let checked = 0;
  for (const a of pieces) {
    for (const b of pieces) {
      for (const c of pieces) {
        for (const d of ['', ',', ' ,', 'close', ', close ']) {
          const value = a + b + c + d;
          assert.equal(hasListToken(value, 'close'), close.test(value), `close in ${JSON.stringify(value)}`);
          assert.equal(hasListToken(value, 'keep-alive'), keepAlive.test(value), `keep-alive in ${JSON.stringify(value)}`);
          checked++;
        }
      }
    }
  }
  assert.equal(checked, 15 * 15 * 15 * 5);
});
