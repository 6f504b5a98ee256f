import { enumValues, intLimits, invalid, specTable, valid } from '../../../test/support/spec-table.js';

const base = {
  listeners: [
    {
      portMapping: { port: 8088, protocol: 'http' },
      healthCheck: { protocol: 'http', path: '/ping', healthyThreshold: 2, unhealthyThreshold: 3, timeoutMillis: 2000, intervalMillis: 5000 },
      connectionPool: { http: { maxConnections: 1024 } },
      tls: { mode: 'PERMISSIVE', certificate: { sds: { secretName: 'gw' } } },
    },
  ],
  logging: { accessLog: { file: { path: '/dev/stdout', format: { text: '[%START_TIME%] %REQ(:METHOD)%\n' } } } },
  backendDefaults: { clientPolicy: { tls: { enforce: false, validation: { trust: { file: { certificateChain: '/ca.pem' } } } } } },
};
const L0 = 'listeners[0]';

specTable('VirtualGateway', base, [
  ...intLimits(`${L0}.portMapping.port`, 1, 65535, 'must be between 1 and 65535'),
  ...enumValues(`${L0}.portMapping.protocol`, ['grpc', 'http', 'http2']).map((c) => ({ ...c, set: { [`${L0}.connectionPool`]: undefined, [`${L0}.healthCheck`]: undefined, ...c.set } })),
  ...enumValues(`${L0}.healthCheck.protocol`, ['grpc', 'http', 'http2']),
  ...intLimits(`${L0}.healthCheck.healthyThreshold`, 2, 10, 'must be between 2 and 10'),
  ...intLimits(`${L0}.healthCheck.intervalMillis`, 5000, 300000, 'must be between 5000 and 300000'),
  ...intLimits(`${L0}.healthCheck.timeoutMillis`, 2000, 60000, 'must be between 2000 and 60000'),
  invalid('http2 health check without path', { [`${L0}.healthCheck.protocol`]: 'http2', [`${L0}.healthCheck.path`]: undefined }, [`${L0}.healthCheck.path`, 'required when protocol is http2']),
  invalid('no listeners', { listeners: [] }, ['listeners', 'must have at least 1 item']),
  invalid('listeners left out', { listeners: undefined }, ['listeners', 'required']),
  invalid('duplicate ports', { 'listeners[1].portMapping': { port: 8088, protocol: 'grpc' } }, ['listeners[1].portMapping.port', 'duplicate port 8088 (also used by listeners[0])']),
  invalid('tcp connection pool', { [`${L0}.connectionPool`]: { tcp: { maxConnections: 1 } } },
    [`${L0}.connectionPool`, 'unknown field "tcp"'], [`${L0}.connectionPool`, 'exactly one of grpc, http, http2 must be set']),
  invalid('grpc pool on an http listener', { [`${L0}.connectionPool`]: { grpc: { maxRequests: 1 } } },
    [`${L0}.connectionPool.grpc`, 'does not match the listener protocol http (use connectionPool.http)']),
  valid('http2 listener with http2 pool', { [`${L0}.portMapping.protocol`]: 'http2', [`${L0}.connectionPool`]: { http2: { maxRequests: 10 } } }),
  invalid('listener timeout (virtual nodes only)', { [`${L0}.timeout`]: { http: {} } }, [L0, 'unknown field "timeout"']),
  invalid('outlier detection (virtual nodes only)', { [`${L0}.outlierDetection`]: {} }, [L0, 'unknown field "outlierDetection"']),
  ...enumValues(`${L0}.tls.mode`, ['DISABLED', 'PERMISSIVE', 'STRICT']),
  valid('acm trust in backend defaults', { 'backendDefaults.clientPolicy.tls.validation.trust': { acm: { certificateAuthorityArns: ['arn:1', 'arn:2', 'arn:3'] } } }),
  invalid('backends on a gateway', { backends: [] }, ['', 'unknown field "backends"']),
]);
