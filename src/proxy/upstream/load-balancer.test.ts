// LEAST_REQUEST and RANDOM are Envoy cluster policies that App Mesh never sets (its clusters are all
// ROUND_ROBIN), so the end-to-end tests on the real control plane cannot reach them; they are checked here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLoadBalancer } from './load-balancer.js';
import { Host } from './host.js';

const locality = { region: '', zone: '', subZone: '' };
const hosts = (n: number) => Array.from({ length: n }, (_, i) => new Host('10.0.0.1', 8000 + i, { address: '10.0.0.1', port: 8000 + i, health: 'HEALTHY', weight: 1, locality }));
const tally = (picks: Array<Host | undefined>) => picks.reduce((m, h) => m.set(h?.port ?? 0, (m.get(h?.port ?? 0) ?? 0) + 1), new Map<number, number>());

test('ROUND_ROBIN takes hosts in turn and skips unhealthy and already-tried ones', () => {
  const lb = createLoadBalancer('ROUND_ROBIN');
  const [a, b, c] = hosts(3) as [Host, Host, Host];
  assert.deepEqual([1, 2, 3, 4].map(() => lb.pick([a, b, c], undefined)?.port), [8000, 8001, 8002, 8000]);
  b.failedActiveHc = true;
  assert.deepEqual([1, 2].map(() => lb.pick([a, b, c], undefined)?.port), [8002, 8000]);
  assert.equal(lb.pick([a, b, c], new Set([c]))?.port, 8000);
  assert.equal(lb.pick([a, b, c], new Set([a, c]))?.port, 8002, 'with every healthy host tried, a tried one is taken again');
});

test('LEAST_REQUEST prefers the host with fewer active requests (best of two random choices)', () => {
  const lb = createLoadBalancer('LEAST_REQUEST');
  const [busy, idle] = hosts(2) as [Host, Host];
  busy.rqActive = 5;
  const counts = tally(Array.from({ length: 2000 }, () => lb.pick([busy, idle], undefined)));
  // The busy host wins only when both random choices land on it: one time in four.
  assert.ok((counts.get(idle.port) ?? 0) > 1300, JSON.stringify([...counts]));
  assert.ok((counts.get(busy.port) ?? 0) > 200, 'the busy host still gets some requests');
  idle.ejectedUntil = Date.now() + 1000;
  assert.equal(lb.pick([busy, idle], undefined), busy, 'an ejected host is never picked');
});

test('RANDOM spreads over the healthy hosts; no healthy host gives undefined', () => {
  const lb = createLoadBalancer('RANDOM');
  const all = hosts(3);
  const counts = tally(Array.from({ length: 3000 }, () => lb.pick(all, undefined)));
  for (const h of all) assert.ok((counts.get(h.port) ?? 0) > 700, JSON.stringify([...counts]));
  for (const h of all) h.edsHealth = 'UNHEALTHY';
  assert.equal(lb.pick(all, undefined), undefined);
});
