/**
 * Throws 10,000 random, truncated and bit-flipped packets at the DNS server over UDP (and a share of
 * them over TCP), checks that whatever it sent back is a well-formed response, then that it still
 * answers a real query correctly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { connect } from 'node:net';
import dnsPacket from 'dns-packet';
import { startDiscoveryServer } from '../../../test/support/cloudmap-server.js';
import { privateNamespace, register, service } from '../../../test/support/cloudmap-fixtures.js';

const PACKETS = 10_000;

/** A small deterministic generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function seedQueries(): Buffer[] {
  const types = ['A', 'AAAA', 'SRV', 'SOA', 'NS', 'CNAME', 'TXT', 'MX'] as const;
  const names = ['myapp.prod.eu', '_web._tcp.prod.eu', 'prod.eu', 'x.prod.eu', 'example.org', 'a.b.svc.cluster.local'];
  const out: Buffer[] = [];
  for (const name of names) {
    for (const type of types) {
      out.push(dnsPacket.encode({ type: 'query', id: out.length, flags: dnsPacket.RECURSION_DESIRED, questions: [{ name, type }] }));
      out.push(
        dnsPacket.encode({
          type: 'query',
          id: out.length,
          questions: [{ name, type }],
          additionals: [{ name: '.', type: 'OPT', udpPayloadSize: 4096, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
        }),
      );
    }
  }
  return out;
}

function mutate(seeds: readonly Buffer[], random: () => number): Buffer {
  const pick = seeds[Math.floor(random() * seeds.length)]!;
  const kind = random();
  if (kind < 0.3) return pick.subarray(0, Math.floor(random() * pick.length)); // truncated
  if (kind < 0.6) {
    const copy = Buffer.from(pick);
    const flips = 1 + Math.floor(random() * 8);
    for (let i = 0; i < flips; i++) {
      const at = Math.floor(random() * copy.length);
      copy[at] = copy[at]! ^ (1 << Math.floor(random() * 8));
    }
    return copy; // bit-flipped
  }
  if (kind < 0.75) {
    const copy = Buffer.from(pick);
    copy.writeUInt16BE(1 + Math.floor(random() * 3), 4); // lies about the question count
    return copy;
  }
  const random_ = Buffer.alloc(Math.floor(random() * 600));
  for (let i = 0; i < random_.length; i++) random_[i] = Math.floor(random() * 256);
  return random_; // noise
}

/** Every message with a full header that is not itself a response gets an answer (possibly FORMERR). */
function mustBeAnswered(packet: Buffer): boolean {
  return packet.length >= 12 && (packet.readUInt16BE(2) & 0x8000) === 0;
}

/** Resolves once `count()` reaches `target`, re-checking whenever `emitter` emits 'message'; bounded. */
function reach(emitter: Socket, count: () => number, target: number, what: string, timeoutMs = 10_000): Promise<void> {
  if (count() >= target) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off('message', check);
      reject(new Error(`timed out waiting for ${what} (${count()} of ${target})`));
    }, timeoutMs);
    function check(): void {
      if (count() < target) return;
      clearTimeout(timer);
      emitter.off('message', check);
      resolve();
    }
    emitter.on('message', check);
  });
}

function assertWellFormedResponse(msg: Buffer): void {
  assert.ok(msg.length >= 12, 'a response has at least a header');
  assert.ok((msg.readUInt16BE(2) & 0x8000) !== 0, 'QR is set');
}

test('fuzz: 10,000 malformed packets, then a correct answer', async (t) => {
  const server = await startDiscoveryServer(t);
  const client = server.client();
  const ns = await privateNamespace(client, 'prod.eu');
  const myapp = await service(client, { Name: 'myapp', NamespaceId: ns, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 300 }] } });
  await register(client, myapp, 'a', { AWS_INSTANCE_IPV4: '192.168.88.141' });
  await register(client, myapp, 'b', { AWS_INSTANCE_IPV4: '192.168.42.137' });

  const random = prng(20261125);
  const seeds = seedQueries();
  const socket = createSocket('udp4');
  t.after(() => socket.close());
  const responses: Buffer[] = [];
  socket.on('message', (msg) => responses.push(msg));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));

  const viaTcp: Buffer[] = [];
  let expected = 0;
  const BATCH = 100;
  for (let i = 0; i < PACKETS; i += BATCH) {
    for (let j = i; j < i + BATCH; j++) {
      const packet = mutate(seeds, random);
      if (j % 10 === 0) {
        viaTcp.push(packet);
        continue;
      }
      if (mustBeAnswered(packet)) expected += 1;
      socket.send(packet, server.dns.port, server.dns.host);
    }
    // Wait for this batch's answers before the next, so the kernel's socket buffers are not under test.
    await reach(socket, () => responses.length, expected, `answers to the first ${i + BATCH} packets`);
  }
  assert.equal(responses.length, expected, 'every query with a readable header got exactly one answer');

  // TCP: all frames on one connection, then a real query whose answer must come back.
  const tcpAnswers = await new Promise<Buffer[]>((resolve, reject) => {
    const conn = connect(server.dns.port, server.dns.host);
    const frames: Buffer[] = [];
    let pending: Buffer = Buffer.alloc(0);
    const finalId = 0xbeef;
    conn.on('error', reject);
    conn.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const frame = pending.subarray(2, 2 + pending.readUInt16BE(0));
        pending = pending.subarray(2 + frame.length);
        frames.push(Buffer.from(frame));
        if (frame.length >= 2 && frame.readUInt16BE(0) === finalId && (frame.readUInt16BE(2) & 0x8000) !== 0) {
          conn.end();
          resolve(frames);
        }
      }
    });
    for (const p of [...viaTcp, dnsPacket.encode({ type: 'query', id: finalId, questions: [{ name: 'myapp.prod.eu', type: 'A' }] })]) {
      const frame = Buffer.alloc(2 + p.length);
      frame.writeUInt16BE(p.length, 0);
      p.copy(frame, 2);
      conn.write(frame);
    }
  });
  for (const msg of tcpAnswers) assertWellFormedResponse(msg);

  // A real query over UDP after the flood: the server still answers correctly.
  const finalId = 0xcafe;
  const answered = new Promise<Buffer>((resolve) => {
    socket.on('message', (msg) => {
      if (msg.readUInt16BE(0) === finalId && (msg.readUInt16BE(2) & 0x8000) !== 0) resolve(msg);
    });
  });
  socket.send(dnsPacket.encode({ type: 'query', id: finalId, questions: [{ name: 'myapp.prod.eu', type: 'A' }] }), server.dns.port, server.dns.host);
  const raw = await answered;
  assert.equal(raw.readUInt16BE(2) & 0xf, 0, 'NOERROR');
  const final = dnsPacket.decode(raw);
  const answers = (final.answers ?? []).flatMap((a) => (a.type === 'A' ? [`${a.data} ${a.ttl}`] : []));
  assert.deepEqual(answers.sort(), ['192.168.42.137 300', '192.168.88.141 300']);

  for (const msg of responses) assertWellFormedResponse(msg);
  const rcodes = new Set(responses.map((m) => m.readUInt16BE(2) & 0xf));
  assert.ok(rcodes.has(1), 'some packets were answered FORMERR');
});
