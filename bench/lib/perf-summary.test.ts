import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meshworkFunction, parseFrameLine, placeOf, summarizePerfScript } from './perf-summary.js';

const NODE = '/usr/bin/node';
const MAP = '/tmp/perf-4242.map';
const SRC = 'file:///work/wt/x/dist/src/proxy/http';

/** Six samples as `perf script -F ip,sym,dso` prints them (an empty header line, the frames leaf first, a blank line). */
const FIXTURE = `
	ffffffff81a2c3d4 tcp_sendmsg_locked ([kernel.kallsyms])
	ffffffff81a2c000 __x64_sys_write ([kernel.kallsyms])
	    7f0011223344 __GI___libc_write (/usr/lib/x86_64-linux-gnu/libc.so.6)
	         1528a10 node::StreamBase::WriteBuffer (${NODE})
	    7f9d2efc9000 JS:*writeResponse ${SRC}/h1-writer.js:40:3 (${MAP})


	         15e5dd3 Builtins_StringIndexOf (${NODE})
	    7f9d2efc93d3 JS:*scanFields ${SRC}/h1-head-parser.js:107:27 (${MAP})
	    7f9d2efc9500 JS:*onData ${SRC}/connection.js:12:5 (${MAP})


	    7f9d2efc93e0 JS:~scanFields ${SRC}/h1-head-parser.js:107:27 (${MAP})


	    7f9d2efc9600 JS:*onStreamRead node:internal/stream_base_commons:163:23 (${MAP})
	    7f9d2efc9700 JS:* ${SRC}/listener.js:1:1 (${MAP})


	          c7e636 v8::internal::(anonymous namespace)::Invoke (${NODE})
	         14c05fb uv__io_poll (${NODE})


	           97880 _int_malloc (/usr/lib/x86_64-linux-gnu/libc.so.6)
	               1 [unknown] ([unknown])

`;

test('a frame line gives its symbol (spaces and parentheses kept) and its dso; a stray line is a precise error', () => {
  assert.deepEqual(parseFrameLine(`\t  c7e636 v8::internal::(anonymous namespace)::Invoke (${NODE})`, 1), { sym: 'v8::internal::(anonymous namespace)::Invoke', dso: NODE });
  assert.equal(parseFrameLine('   ', 2), undefined);
  assert.throws(() => parseFrameLine('node 4242 123.456: cpu-clock:', 7), /perf script output line 7: expected '<hex ip> <symbol> \(<dso>\)' or a blank line, got 'node 4242/);
});

test('places of leaf frames', () => {
  const o = { binary: NODE };
  assert.equal(placeOf({ sym: 'tcp_sendmsg', dso: '[kernel.kallsyms]' }, o), 'kernel');
  assert.equal(placeOf({ sym: 'uv__io_poll', dso: NODE }, o), 'binary');
  assert.equal(placeOf({ sym: 'JS:*f', dso: MAP }, o), 'jit');
  assert.equal(placeOf({ sym: 'malloc', dso: '/usr/lib/x86_64-linux-gnu/libc.so.6' }, o), 'libc');
  assert.equal(placeOf({ sym: 'operator new', dso: '/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30' }, o), 'other');
  assert.equal(placeOf({ sym: 'haproxy_main', dso: '/usr/sbin/haproxy' }, { binary: '/usr/sbin/haproxy' }), 'binary');
});

test('Meshwork functions are JIT frames with a source under dist/src/, whatever their tier', () => {
  assert.deepEqual(meshworkFunction({ sym: `JS:*scanFields ${SRC}/h1-head-parser.js:107:27`, dso: MAP }), { name: 'scanFields', where: 'dist/src/proxy/http/h1-head-parser.js:107:27' });
  assert.deepEqual(meshworkFunction({ sym: `JS:^ ${SRC}/a.js:1:1`, dso: MAP }), { name: '(anonymous)', where: 'dist/src/proxy/http/a.js:1:1' });
  assert.equal(meshworkFunction({ sym: 'JS:*onStreamRead node:internal/stream_base_commons:163:23', dso: MAP }), undefined);
  assert.equal(meshworkFunction({ sym: 'JS:*parse file:///work/x/node_modules/yaml/dist/index.js:3:1', dso: MAP }), undefined);
  assert.equal(meshworkFunction({ sym: 'Builtins_StringIndexOf', dso: NODE }), undefined);
});

test('samples by leaf place; user-space samples charged to the nearest Meshwork frame', () => {
  const s = summarizePerfScript(FIXTURE, { binary: NODE }, 15);
  assert.equal(s.samples, 6);
  assert.deepEqual(s.byPlace, { kernel: 1, binary: 2, jit: 2, libc: 1, other: 0 });
  assert.equal(s.userSamples, 5);
  // The kernel sample under writeResponse is not charged; both tiers of scanFields are one function.
  assert.deepEqual(s.top, [
    { name: 'scanFields', where: 'dist/src/proxy/http/h1-head-parser.js:107:27', samples: 2 },
    { name: '(anonymous)', where: 'dist/src/proxy/http/listener.js:1:1', samples: 1 },
  ]);
  assert.equal(s.noMeshworkFrame, 2);
  assert.equal(summarizePerfScript(FIXTURE, { binary: NODE }, 1).top.length, 1);
});

test('an empty recording has no samples and nothing charged', () => {
  assert.deepEqual(summarizePerfScript('', { binary: NODE }, 15), { samples: 0, byPlace: { kernel: 0, binary: 0, jit: 0, libc: 0, other: 0 }, userSamples: 0, top: [], noMeshworkFrame: 0 });
});
