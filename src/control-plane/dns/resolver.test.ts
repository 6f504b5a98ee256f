import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve, type Resolution } from './resolver.js';
import { SnapshotBuilder } from './snapshot-builder.js';
import type { DnsInstance } from './zone-data.js';

const ip = (n: number) => `10.0.0.${n}`;
const instances = (count: number, healthy: boolean, from = 1): DnsInstance[] =>
  Array.from({ length: count }, (_, i) => ({ id: `i${from + i}`, ipv4: ip(from + i), ipv6: `fd00::${from + i}`, port: 8000 + from + i, healthy }));

function snapshot() {
  const b = new SnapshotBuilder();
  b.addZone({ origin: 'prod.eu', soaTtl: 15, serial: 42 });
  b.addZone({ origin: 'cluster.local', soaTtl: 5, serial: 42 });
  const zone = 'prod.eu';
  b.addName('myapp.prod.eu', { kind: 'service', zone, routing: 'MULTIVALUE', ttl: { A: 300 }, instances: instances(2, true) });
  b.addName('many.prod.eu', { kind: 'service', zone, routing: 'MULTIVALUE', ttl: { A: 60 }, instances: instances(10, true) });
  b.addName('mixed.prod.eu', { kind: 'service', zone, routing: 'MULTIVALUE', ttl: { A: 60 }, instances: [...instances(2, false), ...instances(1, true, 3)] });
  b.addName('sick.prod.eu', { kind: 'service', zone, routing: 'MULTIVALUE', ttl: { A: 60 }, instances: instances(10, false) });
  b.addName('one.prod.eu', { kind: 'service', zone, routing: 'WEIGHTED', ttl: { A: 60, AAAA: 60 }, instances: [...instances(3, false), ...instances(1, true, 4)] });
  b.addName('onesick.prod.eu', { kind: 'service', zone, routing: 'WEIGHTED', ttl: { A: 60 }, instances: instances(3, false) });
  b.addName('_web._tcp.prod.eu', { kind: 'service', zone, routing: 'MULTIVALUE', ttl: { SRV: 30 }, instances: instances(2, true) });
  b.addName('i1._web._tcp.prod.eu', { kind: 'instance', zone, ttl: 30, instance: instances(1, true)[0]! });
  b.addName('alias.prod.eu', { kind: 'service', zone, routing: 'WEIGHTED', ttl: { CNAME: 90 }, instances: [{ id: 'c', cname: 'elb.example.com', healthy: true }] });
  b.addName('web.shop.svc.cluster.local', { kind: 'fixed', zone: 'cluster.local', ttl: 5, addresses: ['127.0.0.10', '::1'], placeholder: false });
  return b.build();
}

function summary(r: Resolution): string[] {
  if (r.kind === 'outside') return ['outside'];
  const line = (s: string) => (rr: { name: string; type: string; ttl: number; data: unknown }) => `${s} ${rr.name} ${rr.ttl} ${rr.type} ${typeof rr.data === 'string' ? rr.data : JSON.stringify(rr.data)}`;
  return [r.rcode, ...r.answers.map(line('an')), ...r.authorities.map(line('ns')), ...r.additionals.map(line('ad'))];
}

const SOA = 'ns prod.eu 15 SOA {"mname":"ns.prod.eu","rname":"hostmaster.prod.eu","serial":42,"refresh":7200,"retry":900,"expire":1209600,"minimum":15}';

const cases: Array<{ name: string; q: [string, string]; expect: (lines: string[]) => void }> = [
  { name: 'MULTIVALUE answers every healthy instance with the service TTL', q: ['myapp.prod.eu', 'A'], expect: (l) => assert.deepEqual(l.slice(1).sort(), ['an myapp.prod.eu 300 A 10.0.0.1', 'an myapp.prod.eu 300 A 10.0.0.2']) },
  { name: 'names are case-insensitive and may end in a dot', q: ['MyApp.Prod.EU.', 'A'], expect: (l) => assert.equal(l.length, 3) },
  { name: 'MULTIVALUE caps at 8', q: ['many.prod.eu', 'A'], expect: (l) => assert.equal(l.filter((x) => x.startsWith('an ')).length, 8) },
  { name: 'MULTIVALUE leaves out unhealthy instances', q: ['mixed.prod.eu', 'A'], expect: (l) => assert.deepEqual(l, ['NOERROR', 'an mixed.prod.eu 60 A 10.0.0.3']) },
  { name: 'MULTIVALUE answers up to 8 unhealthy instances when none is healthy', q: ['sick.prod.eu', 'A'], expect: (l) => assert.equal(l.filter((x) => x.startsWith('an ')).length, 8) },
  { name: 'WEIGHTED answers one healthy instance', q: ['one.prod.eu', 'A'], expect: (l) => assert.deepEqual(l, ['NOERROR', 'an one.prod.eu 60 A 10.0.0.4']) },
  { name: 'WEIGHTED answers AAAA from the same choice rules', q: ['one.prod.eu', 'AAAA'], expect: (l) => assert.deepEqual(l, ['NOERROR', 'an one.prod.eu 60 AAAA fd00::4']) },
  { name: 'WEIGHTED answers one of all when none is healthy', q: ['onesick.prod.eu', 'A'], expect: (l) => assert.equal(l.filter((x) => x.startsWith('an ')).length, 1) },
  {
    name: 'SRV answers priority 1, weight 1, the port and the instance target, with the target addresses',
    q: ['_web._tcp.prod.eu', 'SRV'],
    expect: (l) =>
      assert.deepEqual(l.sort(), [
        'NOERROR',
        'ad i1._web._tcp.prod.eu 30 A 10.0.0.1',
        'ad i1._web._tcp.prod.eu 30 AAAA fd00::1',
        'ad i2._web._tcp.prod.eu 30 A 10.0.0.2',
        'ad i2._web._tcp.prod.eu 30 AAAA fd00::2',
        'an _web._tcp.prod.eu 30 SRV {"priority":1,"weight":1,"port":8001,"target":"i1._web._tcp.prod.eu"}',
        'an _web._tcp.prod.eu 30 SRV {"priority":1,"weight":1,"port":8002,"target":"i2._web._tcp.prod.eu"}',
      ]),
  },
  { name: 'an SRV target has its own A record', q: ['i1._web._tcp.prod.eu', 'A'], expect: (l) => assert.deepEqual(l, ['NOERROR', 'an i1._web._tcp.prod.eu 30 A 10.0.0.1']) },
  { name: 'a CNAME service answers its CNAME to an A query', q: ['alias.prod.eu', 'A'], expect: (l) => assert.deepEqual(l, ['NOERROR', 'an alias.prod.eu 90 CNAME elb.example.com']) },
  { name: 'a type the name lacks is NODATA with the SOA', q: ['myapp.prod.eu', 'AAAA'], expect: (l) => assert.deepEqual(l, ['NOERROR', SOA]) },
  { name: 'a missing name is NXDOMAIN with the SOA', q: ['nothere.prod.eu', 'A'], expect: (l) => assert.deepEqual(l, ['NXDOMAIN', SOA]) },
  { name: 'the apex answers SOA', q: ['prod.eu', 'SOA'], expect: (l) => assert.deepEqual(l, ['NOERROR', SOA.replace(/^ns/, 'an')]) },
  { name: 'the apex answers NS', q: ['prod.eu', 'NS'], expect: (l) => assert.deepEqual(l, ['NOERROR', 'an prod.eu 15 NS ns.prod.eu']) },
  { name: 'a name with names below it is NODATA, not NXDOMAIN', q: ['_tcp.prod.eu', 'A'], expect: (l) => assert.deepEqual(l, ['NOERROR', SOA]) },
  { name: 'local names answer their fixed addresses', q: ['web.shop.svc.cluster.local', 'A'], expect: (l) => assert.deepEqual(l, ['NOERROR', 'an web.shop.svc.cluster.local 5 A 127.0.0.10']) },
  { name: 'local names answer IPv6 addresses as AAAA', q: ['web.shop.svc.cluster.local', 'AAAA'], expect: (l) => assert.deepEqual(l, ['NOERROR', 'an web.shop.svc.cluster.local 5 AAAA ::1']) },
  { name: 'svc.cluster.local exists (interior)', q: ['svc.cluster.local', 'A'], expect: (l) => assert.equal(l[0], 'NOERROR') },
  { name: 'names outside every zone are outside', q: ['example.org', 'A'], expect: (l) => assert.deepEqual(l, ['outside']) },
  { name: 'a zone name as a suffix of a label is not the zone', q: ['xprod.eu', 'A'], expect: (l) => assert.deepEqual(l, ['outside']) },
];

for (const c of cases) {
  test(`resolver: ${c.name}`, () => {
    c.expect(summary(resolve({ name: c.q[0], type: c.q[1] }, snapshot(), () => 0)));
  });
}

test('resolver: MULTIVALUE picks different instances for different draws when more than 8 are healthy', () => {
  const s = snapshot();
  const seen = new Set<string>();
  let seed = 1;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  for (let i = 0; i < 50; i++) {
    const r = resolve({ name: 'many.prod.eu', type: 'A' }, s, random);
    if (r.kind === 'answer') for (const a of r.answers) seen.add(String(a.data));
  }
  assert.equal(seen.size, 10, 'every healthy instance is served sometimes');
});
