import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { PlacementTarget } from '../../api/local-workload.js';
import { ForbiddenError } from '../../core/errors.js';
import { allocateAddress } from '../addresses.js';
import { checkTransparentSupport, namespaceLayout, TransparentNetwork } from './network.js';
import { proxyinitKnobs } from './proxyinit-rules.js';

function supported(): string | undefined {
  try {
    checkTransparentSupport();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const skip = supported();

const GREEN: PlacementTarget = {
  node: { meshName: 'webapp', kind: 'virtualNode', name: 'green-v1_green' },
  k8sName: 'green-v1',
  namespace: 'green',
  listeners: [{ port: 8081, protocol: 'http', healthChecked: true }],
};

const sh = (cmd: string, ...args: string[]): string => execFileSync(cmd, args).toString();

test('transparent network: a pod-like namespace with proxyinit\'s rules, per-interface settings only, and nothing left after tear-down', { skip }, async (t) => {
  const lease = await allocateAddress();
  t.after(() => lease.release());
  const { netns, hostEnd, hostIp, podIp } = namespaceLayout(lease.address);
  const forwardingBefore = readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8');
  const net = TransparentNetwork.create({ dns: '127.0.0.1:7753', xds: '127.0.0.1:7701', knobs: proxyinitKnobs({ APPMESH_EGRESS_IGNORED_PORTS: '5432' }) });
  t.after(() => net.tearDown());
  const placed = await net.setUp('green-v1-1', lease.address, GREEN);
  assert.deepEqual(placed, {
    address: podIp,
    appHost: '127.0.0.1',
    appListenHost: '0.0.0.0',
    appKeepsListenerPorts: true,
    useHttpProxy: false,
    interception: 'transparent',
    proxyAddress: '0.0.0.0',
    xds: `${hostIp}:7701`,
  });

  const nat = sh('ip', 'netns', 'exec', netns, 'iptables-save', '-t', 'nat');
  for (const rule of [
    '-A PREROUTING -p tcp -m addrtype ! --src-type LOCAL -j APPMESH_INGRESS',
    '-A OUTPUT -p tcp -m addrtype ! --dst-type LOCAL -j APPMESH_EGRESS',
    '-A APPMESH_INGRESS -p tcp -m multiport --dports 8081 -j REDIRECT --to-ports 15000',
    '-A APPMESH_EGRESS -m owner --gid-owner 1337 -j RETURN',
    '-A APPMESH_EGRESS -p tcp -m multiport --dports 22,5432 -j RETURN',
    '-A APPMESH_EGRESS -p tcp -j REDIRECT --to-ports 15001',
  ]) {
    assert.ok(nat.includes(rule), `${rule}\nin\n${nat}`);
  }
  // Meshwork's DNS relay on the host end is passed like proxyinit's ignored addresses.
  for (const ip of ['169.254.169.254', hostIp]) assert.ok(nat.includes(`-A APPMESH_EGRESS -d ${ip}/32 -p tcp -j RETURN`), `${ip} passes\n${nat}`);
  assert.match(sh('ip', 'netns', 'exec', netns, 'ip', '-4', 'addr', 'show', 'eth0'), new RegExp(`inet ${podIp.replaceAll('.', '\\.')} peer ${hostIp.replaceAll('.', '\\.')}/32`));
  assert.match(sh('ip', 'netns', 'exec', netns, 'ip', 'route', 'show'), /^127\.0\.0\.0\/8 via 100\.66\.\d+\.\d+ dev eth0 src 100\.67\.\d+\.\d+/m);
  assert.equal(readFileSync(`/proc/sys/net/ipv4/conf/${hostEnd}/forwarding`, 'utf8'), '1\n');
  assert.equal(readFileSync(`/proc/sys/net/ipv4/conf/${hostEnd}/route_localnet`, 'utf8'), '1\n');
  assert.equal(readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8'), forwardingBefore, 'the host-wide setting is untouched');
  assert.match(readFileSync(`/etc/netns/${netns}/resolv.conf`, 'utf8'), new RegExp(`^nameserver ${hostIp.replaceAll('.', '\\.')}\nsearch svc.cluster.local cluster.local\n`));

  await net.tearDown();
  assert.doesNotMatch(sh('ip', 'netns', 'list'), new RegExp(`^${netns}\\b`, 'm'));
  assert.ok(!existsSync(`/etc/netns/${netns}`));
});

test('root without CAP_SYS_ADMIN / CAP_NET_ADMIN (an unprivileged container) is refused, naming what is missing', () => {
  assert.throws(
    () => checkTransparentSupport(0, (1n << 12n) | (1n << 0n)),
    (err: unknown) =>
      err instanceof ForbiddenError &&
      /^meshwork run --transparent runs as root but without CAP_SYS_ADMIN \(an unprivileged container\?\); it needs them to create a network namespace, a veth pair and iptables rules/.test(err.message),
  );
  assert.throws(() => checkTransparentSupport(0, 0n), /without CAP_SYS_ADMIN and CAP_NET_ADMIN/);
});

test('without root, transparent mode refuses with what it needs and the way out', () => {
  assert.throws(
    () => checkTransparentSupport(65534),
    (err: unknown) =>
      err instanceof ForbiddenError &&
      /^meshwork run --transparent needs root \(CAP_SYS_ADMIN and CAP_NET_ADMIN\) to create a network namespace, a veth pair and iptables rules; run it with sudo, or leave out --transparent/.test(err.message),
  );
});
