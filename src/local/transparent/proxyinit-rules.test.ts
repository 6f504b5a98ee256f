import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../core/errors.js';
import { PROXYINIT_DEFAULTS, proxyinitKnobs, proxyinitRules } from './proxyinit-rules.js';

test('proxyinit rules: app ports to 15000 from non-local sources; egress of the ignored gid, ports (22 always) and addresses passes, the rest to 15001', () => {
  const rules = proxyinitRules({
    appPorts: [8081, 9090],
    ingressPort: 15000,
    egressPort: 15001,
    ignoreUid: undefined,
    ignoreGid: 1337,
    egressIgnoredIps: ['169.254.169.254', '100.66.0.2'],
    egressIgnoredPorts: [5432],
  }).map((r) => r.join(' '));
  assert.deepEqual(rules, [
    '-t nat -N APPMESH_INGRESS',
    '-t nat -A APPMESH_INGRESS -p tcp -m multiport --dports 8081,9090 -j REDIRECT --to-port 15000',
    '-t nat -A PREROUTING -p tcp -m addrtype ! --src-type LOCAL -j APPMESH_INGRESS',
    '-t nat -N APPMESH_EGRESS',
    '-t nat -A APPMESH_EGRESS -m owner --gid-owner 1337 -j RETURN',
    '-t nat -A APPMESH_EGRESS -p tcp -m multiport --dports 22,5432 -j RETURN',
    '-t nat -A APPMESH_EGRESS -p tcp -d 169.254.169.254,100.66.0.2 -j RETURN',
    '-t nat -A APPMESH_EGRESS -p tcp -j REDIRECT --to-port 15001',
    '-t nat -A OUTPUT -p tcp -m addrtype ! --dst-type LOCAL -j APPMESH_EGRESS',
  ]);
});

test('an ignored uid comes before the gid; no app ports means no ingress chain; no ignored addresses means no address rule', () => {
  const rules = proxyinitRules({
    appPorts: [],
    ingressPort: 15000,
    egressPort: 15001,
    ignoreUid: 1337,
    ignoreGid: 1337,
    egressIgnoredIps: [],
    egressIgnoredPorts: [],
  }).map((r) => r.join(' '));
  assert.deepEqual(rules, [
    '-t nat -N APPMESH_EGRESS',
    '-t nat -A APPMESH_EGRESS -m owner --uid-owner 1337 -j RETURN',
    '-t nat -A APPMESH_EGRESS -m owner --gid-owner 1337 -j RETURN',
    '-t nat -A APPMESH_EGRESS -p tcp -m multiport --dports 22 -j RETURN',
    '-t nat -A APPMESH_EGRESS -p tcp -j REDIRECT --to-port 15001',
    '-t nat -A OUTPUT -p tcp -m addrtype ! --dst-type LOCAL -j APPMESH_EGRESS',
  ]);
});

test('APPMESH_* knobs: defaults, then every variable read', () => {
  assert.deepEqual(proxyinitKnobs({}), {
    appPorts: undefined,
    ignoreUid: undefined,
    ignoreGid: PROXYINIT_DEFAULTS.ignoreGid,
    egressIgnoredIps: ['169.254.169.254'],
    egressIgnoredPorts: [22],
  });
  assert.deepEqual(
    proxyinitKnobs({
      APPMESH_APP_PORTS: '8081, 9090',
      APPMESH_IGNORE_UID: '1337',
      APPMESH_IGNORE_GID: '2000',
      APPMESH_EGRESS_IGNORED_IP: '10.0.0.0/8,192.0.2.1',
      APPMESH_EGRESS_IGNORED_PORTS: '5432',
      APPMESH_ENVOY_INGRESS_PORT: '15000',
      APPMESH_ENVOY_EGRESS_PORT: '15001',
    }),
    { appPorts: [8081, 9090], ignoreUid: 1337, ignoreGid: 2000, egressIgnoredIps: ['10.0.0.0/8', '192.0.2.1'], egressIgnoredPorts: [5432] },
  );
});

test('bad APPMESH_* values are all reported, each with its variable', () => {
  assert.throws(
    () => proxyinitKnobs({ APPMESH_APP_PORTS: '8081,http', APPMESH_IGNORE_UID: '-1', APPMESH_EGRESS_IGNORED_IP: '10.0.0.300', APPMESH_ENVOY_EGRESS_PORT: '15005' }),
    (err: unknown) => {
      assert.ok(err instanceof ValidationError);
      assert.deepEqual(
        err.violations.map((v) => `${v.field}: ${v.message}`),
        [
          'APPMESH_ENVOY_EGRESS_PORT: must be 15001 (the sidecar\'s listener in App Mesh\'s transparent layout), got "15005"',
          'APPMESH_EGRESS_IGNORED_IP: expected IPv4 addresses or CIDRs separated by commas, got "10.0.0.300"',
          'APPMESH_APP_PORTS: expected an integer 0-65535, got "http"',
          'APPMESH_IGNORE_UID: expected an integer 0-4294967294, got "-1"',
        ],
      );
      return true;
    },
  );
});
