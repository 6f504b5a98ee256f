import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { dieWithParent } from './child-process.js';

const moduleUrl = new URL('./child-process.js', import.meta.url).href;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('a child started through dieWithParent dies when its parent is SIGKILLed', async (t) => {
  if (dieWithParent(['x']).length === 1) return t.skip('util-linux setpriv is not installed');
  // The parent starts a long-running child the way Meshwork's launchers do, prints its pid, and waits.
  const script = `const { dieWithParent } = await import(${JSON.stringify(moduleUrl)});
const { spawn } = await import('node:child_process');
const [file, ...args] = dieWithParent([process.execPath, '-e', 'setInterval(() => {}, 1000)']);
const child = spawn(file, args, { stdio: 'ignore' });
console.log(child.pid);
setInterval(() => {}, 1000);`;
  const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => parent.kill('SIGKILL'));
  const [line] = (await once(createInterface({ input: parent.stdout! }), 'line')) as [string];
  const childPid = Number(line);
  assert.ok(alive(childPid), 'the child runs while its parent does');
  parent.kill('SIGKILL');
  await once(parent, 'exit');
  // The kernel delivers the death signal as the parent exits; the child is gone within a bounded time.
  const deadline = Date.now() + 5_000;
  while (alive(childPid) && Date.now() < deadline) await delay(20);
  assert.equal(alive(childPid), false, `child ${childPid} outlived its SIGKILLed parent`);
});
