import { enumValues, intLimits, invalid, lengthLimits, specTable, valid } from '../../../test/support/spec-table.js';

const targets = [
  { virtualNode: 'green-v1_green', weight: 100, port: 8081 },
  { virtualNode: 'blue-v1_blue', weight: 0, port: 8080 },
];
const base = {
  priority: 10,
  httpRoute: {
    match: {
      prefix: '/id',
      method: 'GET',
      scheme: 'http',
      port: 8085,
      headers: [{ name: 'x-canary', match: { exact: 'true' }, invert: false }],
      queryParameters: [{ name: 'v', match: { exact: '2' } }],
    },
    action: { weightedTargets: targets },
    retryPolicy: { maxRetries: 2, perRetryTimeout: { unit: 'ms', value: 500 }, httpRetryEvents: ['server-error', 'gateway-error'], tcpRetryEvents: ['connection-error'] },
    timeout: { perRequest: { unit: 's', value: 15 }, idle: { unit: 's', value: 300 } },
  },
};
const grpc = {
  match: { serviceName: 'app.Greeter', methodName: 'SayHello', port: 8085, metadata: [{ name: 'x-env', match: { range: { start: 1, end: 5 } } }] },
  action: { weightedTargets: targets },
  retryPolicy: { maxRetries: 1, perRetryTimeout: { unit: 's', value: 1 }, grpcRetryEvents: ['unavailable'] },
  timeout: { perRequest: { unit: 's', value: 1 } },
};
const M = 'httpRoute.match';
const T = 'httpRoute.action.weightedTargets';
const R = 'httpRoute.retryPolicy';
const asGrpc = { httpRoute: undefined, grpcRoute: grpc };

specTable('Route', base, [
  ...intLimits('priority', 0, 1000, 'must be between 0 and 1000'),
  valid('http2 route', { httpRoute: undefined, http2Route: base.httpRoute }),
  valid('grpc route', asGrpc),
  valid('tcp route', { httpRoute: undefined, tcpRoute: { match: { port: 8085 }, action: { weightedTargets: targets }, timeout: { idle: { unit: 's', value: 60 } } } }),
  invalid('no route', { httpRoute: undefined }, ['', 'exactly one of httpRoute, http2Route, grpcRoute, tcpRoute must be set']),
  invalid('two routes', { grpcRoute: grpc }, ['', 'exactly one of httpRoute, http2Route, grpcRoute, tcpRoute must be set']),
  // http match
  invalid('prefix without leading slash', { [`${M}.prefix`]: 'id' }, [`${M}.prefix`, 'must start with "/"']),
  valid('exact path instead of prefix', { [`${M}.prefix`]: undefined, [`${M}.path`]: { exact: '/id' } }),
  valid('regex path instead of prefix', { [`${M}.prefix`]: undefined, [`${M}.path`]: { regex: '^/id/[0-9]+$' } }),
  invalid('prefix and path', { [`${M}.path`]: { exact: '/id' } }, [M, 'exactly one of prefix, path must be set']),
  invalid('neither prefix nor path', { [`${M}.prefix`]: undefined }, [M, 'exactly one of prefix, path must be set']),
  invalid('path exact and regex', { [`${M}.prefix`]: undefined, [`${M}.path`]: { exact: '/a', regex: '/a' } }, [`${M}.path`, 'exactly one of exact, regex must be set']),
  ...lengthLimits(`${M}.path.exact`, 1, 255, 'must be 1 to 255 characters long', '/').map((c) => ({ ...c, set: { [`${M}.prefix`]: undefined, ...c.set } })),
  ...lengthLimits(`${M}.path.regex`, 1, 255, 'must be 1 to 255 characters long').map((c) => ({ ...c, set: { [`${M}.prefix`]: undefined, ...c.set } })),
  ...enumValues(`${M}.method`, ['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']),
  ...enumValues(`${M}.scheme`, ['http', 'https']),
  ...intLimits(`${M}.port`, 1, 65535, 'must be between 1 and 65535'),
  ...lengthLimits(`${M}.headers[0].name`, 1, 50, 'must be 1 to 50 characters long'),
  ...lengthLimits(`${M}.headers[0].match.exact`, 1, 255, 'must be 1 to 255 characters long'),
  invalid('no headers', { [`${M}.headers`]: [] }, [`${M}.headers`, 'must have 1 to 10 items']),
  invalid('eleven headers', { [`${M}.headers`]: Array.from({ length: 11 }, (_, i) => ({ name: `h${i}` })) }, [`${M}.headers`, 'must have 1 to 10 items']),
  valid('ten headers', { [`${M}.headers`]: Array.from({ length: 10 }, (_, i) => ({ name: `h${i}` })) }),
  invalid('header with two match methods', { [`${M}.headers[0].match.prefix`]: 'a' }, [`${M}.headers[0].match`, 'exactly one of exact, prefix, range, regex, suffix must be set']),
  valid('header range', { [`${M}.headers[0].match`]: { range: { start: 0, end: 1 } } }),
  invalid('header range end not after start', { [`${M}.headers[0].match`]: { range: { start: 5, end: 5 } } }, [`${M}.headers[0].match.range.end`, 'must be greater than start (5)']),
  invalid('no query parameters', { [`${M}.queryParameters`]: [] }, [`${M}.queryParameters`, 'must have 1 to 10 items']),
  invalid('query parameter match without exact', { [`${M}.queryParameters[0].match`]: {} }, [`${M}.queryParameters[0].match.exact`, 'required']),
  // action
  invalid('no weighted targets', { [T]: [] }, [T, 'must have 1 to 10 items']),
  valid('ten weighted targets', { [T]: Array.from({ length: 10 }, (_, i) => ({ virtualNode: `n${i}`, weight: 1 })) }),
  invalid('eleven weighted targets', { [T]: Array.from({ length: 11 }, (_, i) => ({ virtualNode: `n${i}`, weight: 1 })) }, [T, 'must have 1 to 10 items']),
  ...intLimits(`${T}[0].weight`, 0, 100, 'must be between 0 and 100').map((c) => (c.name.endsWith('= 0') ? { ...c, set: { ...c.set, [`${T}[1].weight`]: 1 } } : c)),
  invalid('weights adding up to 0', { [`${T}[0].weight`]: 0 }, [T, 'weights must add up to more than 0']),
  ...intLimits(`${T}[0].port`, 1, 65535, 'must be between 1 and 65535'),
  ...lengthLimits(`${T}[0].virtualNode`, 1, 255, 'must be 1 to 255 characters long'),
  // retry policy and timeout
  ...intLimits(`${R}.maxRetries`, 0, undefined, 'must be at least 0'),
  ...enumValues(`${R}.httpRetryEvents[0]`, ['client-error', 'gateway-error', 'server-error', 'stream-error']),
  ...enumValues(`${R}.tcpRetryEvents[0]`, ['connection-error']),
  invalid('two tcp retry events', { [`${R}.tcpRetryEvents`]: ['connection-error', 'connection-error'] }, [`${R}.tcpRetryEvents`, 'must have 1 to 1 items']),
  invalid('retry policy without events', { [`${R}.httpRetryEvents`]: undefined, [`${R}.tcpRetryEvents`]: undefined }, [R, 'at least one of httpRetryEvents, tcpRetryEvents must be set']),
  invalid('retry policy without perRetryTimeout', { [`${R}.perRetryTimeout`]: undefined }, [`${R}.perRetryTimeout`, 'required']),
  invalid('tcp timeout member in an http route', { 'httpRoute.timeout': { tcp: {} } }, ['httpRoute.timeout', 'unknown field "tcp"']),
  // grpc
  ...enumValues('grpcRoute.retryPolicy.grpcRetryEvents[0]', ['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable']).map((c) => ({ ...c, set: { ...asGrpc, ...c.set } })),
  invalid('six grpc retry events', { ...asGrpc, 'grpcRoute.retryPolicy.grpcRetryEvents': ['cancelled', 'internal', 'unavailable', 'cancelled', 'internal', 'unavailable'] },
    ['grpcRoute.retryPolicy.grpcRetryEvents', 'must have 1 to 5 items']),
  invalid('grpc retry policy without events', { ...asGrpc, 'grpcRoute.retryPolicy.grpcRetryEvents': undefined },
    ['grpcRoute.retryPolicy', 'at least one of grpcRetryEvents, httpRetryEvents, tcpRetryEvents must be set']),
  ...lengthLimits('grpcRoute.match.methodName', 1, 50, 'must be 1 to 50 characters long').map((c) => ({ ...c, set: { ...asGrpc, ...c.set } })),
  invalid('methodName without serviceName', { ...asGrpc, 'grpcRoute.match.serviceName': undefined }, ['grpcRoute.match.serviceName', 'required when methodName is set']),
  invalid('eleven metadata', { ...asGrpc, 'grpcRoute.match.metadata': Array.from({ length: 11 }, (_, i) => ({ name: `m${i}` })) }, ['grpcRoute.match.metadata', 'must have 1 to 10 items']),
  ...intLimits('grpcRoute.match.port', 1, 65535, 'must be between 1 and 65535').map((c) => ({ ...c, set: { ...asGrpc, ...c.set } })),
]);
