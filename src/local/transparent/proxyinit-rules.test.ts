import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROXYINIT_DEFAULTS, proxyinitRules } from './proxyinit-rules.js';

test('proxyinit egress rules: uid, ports (22 always) and addresses excluded, the rest to the sidecar egress port', () => {
  const rules = proxyinitRules({
    ignoreUid: PROXYINIT_DEFAULTS.ignoreUid,
    egressIgnoredIps: ['169.254.169.254'],
    egressIgnoredPorts: [5432],
    egress: { address: '100.66.0.2', port: 15001 },
  }).map((r) => r.join(' '));
  assert.deepEqual(rules, [
    '-t nat -N APPMESH_EGRESS',
    '-t nat -A APPMESH_EGRESS -m owner --uid-owner 1337 -j RETURN',
    '-t nat -A APPMESH_EGRESS -p tcp -m multiport --dports 22,5432 -j RETURN',
    '-t nat -A APPMESH_EGRESS -p tcp -d 169.254.169.254 -j RETURN',
    '-t nat -A APPMESH_EGRESS -p tcp -j DNAT --to-destination 100.66.0.2:15001',
    '-t nat -A OUTPUT -p tcp -m addrtype ! --dst-type LOCAL -j APPMESH_EGRESS',
  ]);
});

test('no ignored addresses means no address rule', () => {
  const rules = proxyinitRules({ ignoreUid: 1337, egressIgnoredIps: [], egressIgnoredPorts: [], egress: { address: '100.66.0.2', port: 15001 } });
  assert.ok(!rules.some((r) => r.includes('-d')));
  assert.ok(rules.some((r) => r.join(' ').includes('--dports 22 ')));
});
