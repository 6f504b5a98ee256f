import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileJsonFormat, compileTextFormat, DEFAULT_FORMAT, type AccessLogEntry } from './access-log.js';

const entry: AccessLogEntry = {
  startMs: Date.UTC(2026, 10, 25, 21, 50, 1, 123),
  method: 'POST',
  path: '/api/v1/locations',
  originalPath: undefined,
  protocol: 'HTTP/1.1',
  status: 204,
  flags: '',
  bytesReceived: 154,
  bytesSent: 0,
  durationMs: 226,
  upstreamServiceTimeMs: 100,
  upstreamHost: '10.0.2.1:80',
  upstreamCluster: 'cds_egress_webapp_blue_http_8080',
  routeName: undefined,
  downstreamRemote: '127.0.0.1',
  downstreamLocal: '127.0.0.1',
  reqHeader: (n) => ({ 'x-forwarded-for': '10.0.35.28', 'user-agent': 'nsq2http', 'x-request-id': 'cc21d9b0', host: 'locations' })[n],
  respHeader: () => undefined,
};

test("Envoy's default format, with - for unset values", () => {
  assert.equal(
    compileTextFormat(DEFAULT_FORMAT)(entry),
    '[2026-11-25T21:50:01.123Z] "POST /api/v1/locations HTTP/1.1" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0" "locations" "10.0.2.1:80"\n',
  );
});

test('custom text formats: alternatives, truncation, unknown operators print -', () => {
  const f = compileTextFormat('%REQ(X-MISSING?USER-AGENT):3% %UPSTREAM_CLUSTER% %NOT_AN_OPERATOR% %RESPONSE_FLAGS%');
  assert.equal(f({ ...entry, flags: 'UF' }), 'nsq cds_egress_webapp_blue_http_8080 - UF');
});

test('JSON format keeps numbers, uses null for unset values, and formats mixed strings', () => {
  const f = compileJsonFormat(new Map([['code', '%RESPONSE_CODE%'], ['flags', '%RESPONSE_FLAGS%'], ['line', '%REQ(:METHOD)% %REQ(:PATH)%']]));
  assert.deepEqual(JSON.parse(f(entry)), { code: 204, flags: null, line: 'POST /api/v1/locations' });
});
