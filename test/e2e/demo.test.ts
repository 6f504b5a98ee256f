/**
 * `meshwork demo --once` as a user runs it: every step of the chapter with the chapter's responses, the
 * 50/50 split within 40–60%, exit 0, and nothing left behind (data directory gone, API port closed).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { MESHWORK_BIN, REPO_ROOT } from '../support/paths.js';
import { CapturedOutput } from '../support/output.js';

/** Ports the kernel picks, so the test never meets a control plane someone runs on the default ports. */
const PORT_0 = ['--http-port', '0', '--xds-port', '0', '--dns-port', '0', '--gateway-port', '0'];

/** `meshwork demo <args>` on ports the kernel picks; `exited(ms)` fails with the output after the deadline. */
function startDemo(t: TestContext, args: readonly string[]) {
  const child = spawn(process.execPath, [MESHWORK_BIN, 'demo', ...args, ...PORT_0], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const output = new CapturedOutput();
  child.stdout.pipe(output, { end: false });
  child.stderr.pipe(output, { end: false });
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const exited = (ms: number) =>
    Promise.race([done, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`demo did not exit within ${ms} ms:\n${output.text}`)), ms).unref())]);
  return { child, output, exited };
}

test('meshwork demo --once plays every step of the chapter with its results and stops everything', async (t) => {
  const { output, exited } = startDemo(t, ['--once']);
  const code = await exited(110_000);
  const text = output.text;
  assert.equal(code, 0, text);

  const block = (n: number) => {
    const m = new RegExp(`^\\[${n}/6\\] [^]*?(?=^\\[${n + 1}/6\\]|^\\d+ of 6 steps)`, 'm').exec(text);
    assert.ok(m, `step ${n} missing:\n${text}`);
    return m[0];
  };
  const lines = (s: string) => s.split('\n').map((l) => l.trim());
  assert.deepEqual(
    lines(block(1)).filter((l) => l.startsWith('{')),
    ['{"id":"green"}', '{"message":"hello from green"}', '{"id":"blue"}', '{"message":"hello from blue"}'],
  );
  assert.deepEqual(lines(block(2)).filter((l) => l.startsWith('{')), ['{"id":"blue"}', '{"id":"green"}']);
  assert.match(block(3), /^ {2}\(10 requests: 10 × \{"id":"green"\}\)$/m);

  const split = /^ {2}split over 400 requests: green (\d+) \([\d.]+%\), blue (\d+) \([\d.]+%\)$/m.exec(block(4));
  assert.ok(split, block(4));
  const [green, blue] = [Number(split[1]), Number(split[2])];
  assert.equal(green + blue, 400);
  for (const n of [green, blue]) assert.ok(n >= 160 && n <= 240, `each version gets 40–60% of 400: green ${green}, blue ${blue}`);

  const gateway = /^ {2}\(20 requests: (.*)\)$/m.exec(block(5));
  assert.ok(gateway, block(5));
  assert.match(gateway[1]!, /^\d+ × \{"id":"(blue|green)"\}, \d+ × \{"id":"(blue|green)"\}$/);

  const records = lines(block(6)).filter((l) => l.startsWith('myapp.prod.eu. '));
  assert.equal(records.length, 2, block(6));
  for (const r of records) assert.match(r, /^myapp\.prod\.eu\. 300 IN A 127\.\d+\.\d+\.\d+$/);
  const restarted = /^ {2}\(blue-v1 restarted: \S+ (\S+), \S+ (\S+)\)$/m.exec(block(6));
  assert.ok(restarted, block(6));
  assert.deepEqual(records.map((r) => r.split(' ').pop()).sort(), [restarted[1], restarted[2]].sort());

  assert.equal(text.match(/^✓ /gm)?.length, 6, text);
  assert.doesNotMatch(text, /^✗ /m);
  assert.match(text, /^6 of 6 steps gave the chapter's result$/m);

  // Nothing left behind: the data directory is gone and the API no longer answers.
  const cp = /^control plane: API (\S+), xDS \S+, DNS \S+, data directory (\S+)$/m.exec(text);
  assert.ok(cp, text);
  assert.equal(existsSync(cp[2]!), false, 'the data directory was removed');
  await assert.rejects(fetch(`${cp[1]}/meshwork/v1/`), 'the control plane has stopped');
});

test('Ctrl-C while meshwork demo starts its workloads stops every process and removes the data directory', async (t) => {
  const { child, output, exited } = startDemo(t, []);
  await output.waitFor(/^\$ meshwork run \.\.\. → green-v1-\d+ on /m, 60_000);
  const cp = /^control plane: API (\S+), xDS (\S+), DNS \S+, data directory (\S+)$/m.exec(output.text)!;
  child.kill('SIGINT');
  const code = await exited(20_000);
  assert.equal(code, 130, output.text);
  assert.match(output.text, /^SIGINT: stopping$/m);
  assert.equal(existsSync(cp[3]!), false, 'the data directory was removed');
  await assert.rejects(fetch(`${cp[1]}/meshwork/v1/`), 'the control plane has stopped');
  // No child of the demo is left: none was started with this control plane's addresses or data directory.
  const mine = [cp[1]!.replace('http://', ''), cp[2]!, cp[3]!];
  const left = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n').filter((l) => mine.some((m) => l.includes(m)));
  assert.deepEqual(left, []);
});
