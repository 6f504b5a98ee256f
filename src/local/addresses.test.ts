import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { allocateAddress, allocateName, loopbackCandidates } from './addresses.js';

const addressesModule = new URL('./addresses.js', import.meta.url).href;

/** A separate process that leases an address, prints it, and holds it until killed. */
function holder(): { child: ChildProcess; address: Promise<string> } {
  const script = `const m = await import(${JSON.stringify(addressesModule)});
const lease = await m.allocateAddress();
process.stdout.write(lease.address + '\\n');
setInterval(() => {}, 1 << 30);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const address = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`holder exited with ${code} before printing an address`)));
  });
  return { child, address };
}

test('candidates skip 127.0.0.1 and the reserved stub addresses', () => {
  const first = [...take(loopbackCandidates(), 60)];
  assert.equal(first[0], '127.0.0.2');
  assert.ok(!first.includes('127.0.0.1'));
  assert.ok(!first.includes('127.0.0.53'));
  assert.ok(!first.includes('127.0.0.54'));
});

test('concurrent processes get distinct addresses, and a killed holder frees its address at once', async (t) => {
  const holders = Array.from({ length: 6 }, () => holder());
  t.after(() => {
    for (const h of holders) h.child.kill('SIGKILL');
  });
  const addresses = await Promise.all(holders.map((h) => h.address));
  assert.equal(new Set(addresses).size, addresses.length, `duplicate addresses: ${addresses.join(', ')}`);
  for (const a of addresses) assert.match(a, /^127\.0\.\d+\.\d+$/);

  // While they hold theirs, this process gets none of them.
  const mine = await allocateAddress();
  assert.ok(!addresses.includes(mine.address));

  const victim = holders[2]!;
  const freed = addresses[2]!;
  victim.child.kill('SIGKILL');
  await once(victim.child, 'exit');
  const again = await allocateAddress(freed);
  assert.equal(again.address, freed);
  await again.release();
  await mine.release();
});

test('a requested address is validated and refused while held', async () => {
  await assert.rejects(allocateAddress('10.0.0.1'), /--address: must be an IPv4 address in 127\.0\.0\.0\/8/);
  const a = await allocateAddress('127.0.200.7');
  await assert.rejects(allocateAddress('127.0.200.7'), /address 127\.0\.200\.7 is already used/);
  await a.release();
  const b = await allocateAddress('127.0.200.7');
  await b.release();
});

test('names are numbered like replicas, and an exact name is exclusive', async () => {
  const ns = `ns-${process.pid}`;
  const one = await allocateName(ns, 'green-v1');
  const two = await allocateName(ns, 'green-v1');
  assert.deepEqual([one.name, two.name], ['green-v1-1', 'green-v1-2']);
  await one.release();
  const three = await allocateName(ns, 'green-v1');
  assert.equal(three.name, 'green-v1-1');
  await assert.rejects(allocateName(ns, 'x', 'green-v1-2'), /a local workload named green-v1-2 is already running in namespace/);
  await Promise.all([two.release(), three.release()]);
});

function* take<T>(it: Iterable<T>, n: number): Generator<T> {
  let i = 0;
  for (const v of it) {
    if (i++ >= n) return;
    yield v;
  }
}

test('an address where another process listens is skipped, and refused when asked for', async () => {
  // A listener outside the leases, as an earlier proxy whose runner was killed would leave.
  const first = await allocateAddress();
  const squatted = first.address;
  await first.release();
  const server = createServer().listen(0, squatted);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  try {
    const next = await allocateAddress();
    assert.notEqual(next.address, squatted);
    await next.release();
    await assert.rejects(allocateAddress(squatted), new RegExp(`address ${squatted.replace(/\./g, '\\.')} is already in use: another process listens there on TCP port ${port}`));
  } finally {
    server.close();
  }
  const free = await allocateAddress(squatted);
  await free.release();
});
