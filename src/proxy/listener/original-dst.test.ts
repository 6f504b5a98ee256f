import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findOriginalDestination } from './original-dst.js';

const TABLE = [
  'ipv4     2 tcp      6 431999 ESTABLISHED src=100.67.0.3 dst=100.67.0.9 sport=41000 dport=7000 src=127.0.0.1 dst=100.67.0.3 sport=15001 dport=41000 [ASSURED] mark=0 zone=0 use=2',
  'ipv4     2 udp      17 20 src=100.67.0.3 dst=100.66.0.3 sport=5353 dport=53 src=100.66.0.3 dst=100.67.0.3 sport=53 dport=5353 mark=0 zone=0 use=2',
  'ipv4     2 tcp      6 431999 ESTABLISHED src=100.67.0.3 dst=198.18.0.1 sport=34920 dport=8080 src=127.0.0.1 dst=100.67.0.3 sport=15001 dport=34920 [ASSURED] mark=0 zone=0 use=2',
  'ipv4     2 tcp      6 431999 ESTABLISHED src=100.66.0.2 dst=100.67.0.3 sport=50000 dport=8081 src=100.67.0.3 dst=100.66.0.2 sport=15000 dport=50000 [ASSURED] mark=0 zone=0 use=2',
  '',
].join('\n');

test('the original destination is the original tuple of the entry whose reply tuple is the connection', () => {
  // Egress: the app's connection to 198.18.0.1:8080, redirected to 127.0.0.1:15001.
  assert.deepEqual(findOriginalDestination(TABLE, { localAddress: '127.0.0.1', localPort: 15001, remoteAddress: '100.67.0.3', remotePort: 34920 }), { address: '198.18.0.1', port: 8080 });
  // Ingress: a peer's connection to the pod's 8081, redirected to 15000.
  assert.deepEqual(findOriginalDestination(TABLE, { localAddress: '::ffff:100.67.0.3', localPort: 15000, remoteAddress: '::ffff:100.66.0.2', remotePort: 50000 }), { address: '100.67.0.3', port: 8081 });
});

test('a connection with no entry has no original destination', () => {
  assert.equal(findOriginalDestination(TABLE, { localAddress: '127.0.0.1', localPort: 15001, remoteAddress: '100.67.0.3', remotePort: 1 }), undefined);
  assert.equal(findOriginalDestination('', { localAddress: '127.0.0.1', localPort: 15001, remoteAddress: '100.67.0.3', remotePort: 34920 }), undefined);
});
