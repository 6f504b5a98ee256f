import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GrpcDeframer, grpcFrame } from './grpc-frames.js';

test('frames carry a zero flag and the big-endian length', () => {
  assert.deepEqual([...grpcFrame(Buffer.from('abc'))], [0, 0, 0, 0, 3, 0x61, 0x62, 0x63]);
  assert.deepEqual([...grpcFrame(Buffer.alloc(0))], [0, 0, 0, 0, 0]);
});

test('messages come out whole however the chunks split them', () => {
  const messages = [Buffer.from('first'), Buffer.alloc(0), Buffer.alloc(70_000, 7), Buffer.from('last')];
  const wire = Buffer.concat(messages.map(grpcFrame));
  for (const size of [1, 3, 5, 4096, wire.length]) {
    const got: Buffer[] = [];
    const d = new GrpcDeframer((m) => got.push(Buffer.from(m)));
    for (let i = 0; i < wire.length; i += size) d.push(wire.subarray(i, i + size));
    assert.deepEqual(got, messages, `chunks of ${size}`);
    assert.equal(d.pendingBytes(), 0);
  }
});

test('a compressed frame is refused', () => {
  const d = new GrpcDeframer(() => assert.fail('no message expected'));
  assert.throws(() => d.push(Buffer.from([1, 0, 0, 0, 1, 0])), /compressed message \(flag 1\)/);
});
