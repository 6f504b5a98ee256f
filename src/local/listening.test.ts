import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseListening } from './listening.js';

test('/proc/net/tcp: listening sockets by address, other states and bad lines skipped', () => {
  const text = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0600007F:2691 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0',
    '   1: 0600007F:3A99 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0',
    '   2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 20 4 30 10 -1',
    '   3: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4 1 0 100 0 0 10 0',
    '   4: garbage',
  ].join('\n');
  assert.deepEqual([...parseListening(text)], [['127.0.0.6', [9873, 15001]], ['0.0.0.0', [2024]]]);
});
