import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { decodeQuery, encodeHeaderOnly, encodeResponse, type DecodedQuery } from './codec.js';
import type { ResourceRecord } from './resolver.js';

const query = (extra: Partial<Parameters<typeof dnsPacket.encode>[0]> = {}) =>
  dnsPacket.encode({ type: 'query', id: 4242, flags: dnsPacket.RECURSION_DESIRED, questions: [{ name: 'myapp.prod.eu', type: 'A' }], ...extra });

function header(id: number, flags: number, qdcount = 0): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16BE(id, 0);
  b.writeUInt16BE(flags, 2);
  b.writeUInt16BE(qdcount, 4);
  return b;
}

const decodeCases: Array<{ name: string; input: Buffer; expect: string }> = [
  { name: 'a plain query', input: query(), expect: 'query myapp.prod.eu A IN rd=true udp=512 edns=false' },
  {
    name: 'EDNS raises the UDP size, capped at 1232',
    input: query({ additionals: [{ name: '.', type: 'OPT', udpPayloadSize: 4096, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] }),
    expect: 'query myapp.prod.eu A IN rd=true udp=1232 edns=true',
  },
  { name: 'shorter than a header: dropped', input: Buffer.from([1, 2, 3]), expect: 'drop' },
  { name: 'a response: dropped', input: header(7, 0x8000, 0), expect: 'drop' },
  { name: 'no question: FORMERR', input: header(7, 0x0100, 0), expect: 'error 7 FORMERR' },
  { name: 'two questions: FORMERR', input: dnsPacket.encode({ type: 'query', id: 8, questions: [{ name: 'a', type: 'A' }, { name: 'b', type: 'A' }] }), expect: 'error 8 FORMERR' },
  { name: 'a truncated question: FORMERR', input: query().subarray(0, 20), expect: 'error 4242 FORMERR' },
  { name: 'opcode STATUS: NOTIMP', input: header(9, 2 << 11, 1), expect: 'error 9 NOTIMP' },
];

for (const c of decodeCases) {
  test(`codec: decode ${c.name}`, () => {
    const r = decodeQuery(c.input);
    const text =
      r.kind === 'query'
        ? `query ${r.query.name} ${r.query.type} ${r.query.class} rd=${r.query.recursionDesired} udp=${r.query.udpSize} edns=${r.query.edns}`
        : r.kind === 'error'
          ? `error ${r.id} ${r.rcode}`
          : 'drop';
    assert.equal(text, c.expect);
  });
}

const q: DecodedQuery = { id: 77, name: 'big.prod.eu', type: 'A', class: 'IN', recursionDesired: true, udpSize: 512, edns: false };
const records = (n: number): ResourceRecord[] => Array.from({ length: n }, (_, i) => ({ name: 'big.prod.eu', type: 'A', ttl: 60, data: `10.0.${i >> 8}.${i & 255}` }));

test('codec: a response that fits carries AA, RD, the question and the records', () => {
  const out = dnsPacket.decode(encodeResponse(q, { rcode: 'NOERROR', answers: records(3) }, 512));
  assert.equal(out.id, 77);
  assert.ok(out.flag_qr && out.flag_aa && out.flag_rd && !out.flag_tc);
  assert.deepEqual(out.questions, [{ name: 'big.prod.eu', type: 'A', class: 'IN' }]);
  assert.equal(out.answers?.length, 3);
});

test('codec: a response over the limit is sent empty with TC, and whole within a larger limit', () => {
  const big = encodeResponse(q, { rcode: 'NOERROR', answers: records(40) }, 512);
  assert.ok(big.length <= 512);
  const out = dnsPacket.decode(big);
  assert.ok(out.flag_tc);
  assert.equal(out.answers?.length, 0);
  assert.equal(dnsPacket.decode(encodeResponse(q, { rcode: 'NOERROR', answers: records(40) }, 65535)).answers?.length, 40);
});

test('codec: REFUSED is not authoritative; header-only errors keep the id', () => {
  const refused = dnsPacket.decode(encodeResponse(q, { rcode: 'REFUSED' }, 512));
  assert.equal(refused.flag_aa, false);
  assert.equal(refused.flags! & 0xf, 5);
  const formerr = encodeHeaderOnly(0xabcd, 'FORMERR', false);
  assert.equal(formerr.readUInt16BE(0), 0xabcd);
  assert.equal(formerr.readUInt16BE(2), 0x8001);
});
