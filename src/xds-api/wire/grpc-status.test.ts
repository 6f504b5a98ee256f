import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeGrpcMessage, grpcStatusName, grpcStatusOf, encodeGrpcMessage, GrpcCode, statusHeaders } from './grpc-status.js';

test('grpc-message is percent-decoded as UTF-8; malformed escapes stay as they came', () => {
  assert.equal(decodeGrpcMessage('no%20such%20resource%3A%20%C3%BC'), 'no such resource: ü');
  assert.equal(decodeGrpcMessage('100%'), '100%');
  assert.equal(decodeGrpcMessage('bad %ZZ then %41%42 and %C3'), 'bad %ZZ then AB and %C3');
});

test('the status of a header block: code, message, or nothing without grpc-status', () => {
  assert.deepEqual(grpcStatusOf({ 'grpc-status': '13', 'grpc-message': 'boom%21' }), { code: 13, message: 'boom!' });
  assert.deepEqual(grpcStatusOf({ 'grpc-status': '0' }), { code: 0, message: '' });
  assert.deepEqual(grpcStatusOf({ 'grpc-status': 'x' }), { code: 2, message: '' });
  assert.equal(grpcStatusOf({ ':status': '200' }), undefined);
  assert.equal(grpcStatusName(14), '14 UNAVAILABLE');
  assert.equal(grpcStatusName(99), '99');
});

test('a grpc-message the server encodes reads back the same on the client', () => {
  for (const message of ['plain', "node.id: got 'webapp/green'", '100% ünïcode\nline two', '']) {
    assert.equal(decodeGrpcMessage(encodeGrpcMessage(message)), message);
  }
  assert.deepEqual(statusHeaders(GrpcCode.INVALID_ARGUMENT, 'bad 100%'), { 'grpc-status': '3', 'grpc-message': 'bad 100%25' });
  assert.deepEqual(statusHeaders(GrpcCode.OK, ''), { 'grpc-status': '0' });
});
