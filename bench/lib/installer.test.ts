import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findExecutable, planInstall } from './installer.js';

test('install plans: nothing missing, root installs the Debian packages, others get the exact command', () => {
  assert.deepEqual(planInstall([], false), { kind: 'nothing' });
  assert.deepEqual(planInstall(['wrk', 'haproxy', 'taskset'], true), { kind: 'apt', packages: ['haproxy', 'util-linux', 'wrk'] });
  const refused = planInstall(['hey', 'nginx'], false);
  assert.equal(refused.kind, 'refuse');
  assert.match(refused.kind === 'refuse' ? refused.message : '', /missing tools: hey, nginx\. Installing them needs root; run:\n {2}sudo apt-get update && sudo apt-get install -y --no-install-recommends hey nginx\n/);
});

test('findExecutable finds a system binary and nothing for an unknown name', () => {
  assert.match(findExecutable('sh') ?? '', /\/sh$/);
  assert.equal(findExecutable('no-such-tool-meshwork-bench'), undefined);
});
