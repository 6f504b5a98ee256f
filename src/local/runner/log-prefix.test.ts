import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LinePrefixer, logPrefix } from './log-prefix.js';

async function run(chunks: string[]): Promise<string> {
  const p = new LinePrefixer(logPrefix('green-v1-1', 'app'));
  const out: string[] = [];
  p.on('data', (d: Buffer) => out.push(d.toString()));
  const done = new Promise((resolve) => p.on('end', resolve));
  for (const c of chunks) p.write(c);
  p.end();
  await done;
  return out.join('');
}

test('every line gets the prefix, including lines split across chunks and a last unterminated one', async () => {
  assert.equal(
    await run(['one\ntw', 'o\n', '\nthree']),
    '[green-v1-1 app] one\n[green-v1-1 app] two\n[green-v1-1 app] \n[green-v1-1 app] three\n',
  );
});

test('multi-byte characters split between chunks survive', async () => {
  const bytes = Buffer.from('héllo\n');
  const p = new LinePrefixer('[x envoy] ');
  const out: Buffer[] = [];
  p.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((resolve) => p.on('end', resolve));
  p.write(bytes.subarray(0, 2));
  p.write(bytes.subarray(2));
  p.end();
  await done;
  assert.equal(Buffer.concat(out).toString(), '[x envoy] héllo\n');
});
