import { enumValues, intLimits, invalid, lengthLimits, specTable, valid } from '../../../test/support/spec-table.js';

const target = { virtualService: { virtualServiceName: 'myapp.consumer.svc.cluster.local' }, port: 8085 };
const base = {
  priority: 1000,
  httpRoute: {
    match: { prefix: '/', method: 'GET', port: 8088, hostname: { suffix: '.example.com' }, headers: [{ name: 'x-env', match: { suffix: 'prod' } }], queryParameters: [{ name: 'q' }] },
    action: { target, rewrite: { prefix: { value: '/api/' }, hostname: { defaultTargetHostname: 'ENABLED' } } },
  },
};
const grpc = { match: { serviceName: 'app.Greeter', metadata: [{ name: 'x', match: { exact: 'y' } }] }, action: { target, rewrite: { hostname: { defaultTargetHostname: 'DISABLED' } } } };
const M = 'httpRoute.match';
const W = 'httpRoute.action.rewrite';
const asGrpc = { httpRoute: undefined, grpcRoute: grpc };

specTable('GatewayRoute', base, [
  ...intLimits('priority', 0, 1000, 'must be between 0 and 1000'),
  valid('http2 route', { httpRoute: undefined, http2Route: base.httpRoute }),
  valid('grpc route', asGrpc),
  invalid('no route', { httpRoute: undefined }, ['', 'exactly one of httpRoute, http2Route, grpcRoute must be set']),
  invalid('tcp route', { httpRoute: undefined, tcpRoute: {} }, ['', 'unknown field "tcpRoute"'], ['', 'exactly one of httpRoute, http2Route, grpcRoute must be set']),
  // match
  valid('hostname only', { [`${M}.prefix`]: undefined, [W]: undefined }),
  valid('path only', { [`${M}.prefix`]: undefined, [`${M}.hostname`]: undefined, [`${M}.path`]: { regex: '/a.*' }, [W]: { path: { exact: '/b' } } }),
  invalid('no prefix, path or hostname', { [`${M}.prefix`]: undefined, [`${M}.hostname`]: undefined, [W]: undefined }, [M, 'at least one of prefix, path, hostname must be set']),
  invalid('prefix and path', { [`${M}.path`]: { exact: '/a' } }, [M, 'prefix and path cannot both be set']),
  invalid('prefix without leading slash', { [`${M}.prefix`]: 'api' }, [`${M}.prefix`, 'must start with "/"']),
  invalid('path exact and regex', { [`${M}.prefix`]: undefined, [`${M}.path`]: { exact: '/a', regex: '/a' }, [W]: undefined }, [`${M}.path`, 'exactly one of exact, regex must be set']),
  invalid('hostname exact and suffix', { [`${M}.hostname.exact`]: 'a.example.com' }, [`${M}.hostname`, 'exactly one of exact, suffix must be set']),
  ...lengthLimits(`${M}.hostname.suffix`, 1, 253, 'must be 1 to 253 characters long'),
  ...lengthLimits(`${M}.hostname.exact`, 1, 253, 'must be 1 to 253 characters long').map((c) => ({ ...c, set: { [`${M}.hostname`]: {}, ...c.set } })),
  ...enumValues(`${M}.method`, ['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']),
  ...intLimits(`${M}.port`, 1, 65535, 'must be between 1 and 65535'),
  invalid('header with no match method', { [`${M}.headers[0].match`]: {} }, [`${M}.headers[0].match`, 'exactly one of exact, prefix, range, regex, suffix must be set']),
  invalid('header range end before start', { [`${M}.headers[0].match`]: { range: { start: 9, end: 1 } } }, [`${M}.headers[0].match.range.end`, 'must be greater than start (9)']),
  invalid('eleven query parameters', { [`${M}.queryParameters`]: Array.from({ length: 11 }, (_, i) => ({ name: `q${i}` })) }, [`${M}.queryParameters`, 'must have 1 to 10 items']),
  // target
  ...lengthLimits('httpRoute.action.target.virtualService.virtualServiceName', 1, 255, 'must be 1 to 255 characters long'),
  ...intLimits('httpRoute.action.target.port', 1, 65535, 'must be between 1 and 65535'),
  invalid('no target', { 'httpRoute.action.target': undefined }, ['httpRoute.action.target', 'required']),
  // rewrite
  invalid('empty rewrite', { [W]: {} }, [W, 'at least one of prefix, path, hostname must be set']),
  invalid('prefix and path rewrite', { [`${W}.path`]: { exact: '/x' } }, [W, 'prefix and path cannot both be set']),
  valid('default prefix rewrite', { [`${W}.prefix`]: { defaultPrefix: 'DISABLED' } }),
  ...enumValues(`${W}.prefix.defaultPrefix`, ['DISABLED', 'ENABLED']).map((c) => ({ ...c, set: { [`${W}.prefix.value`]: undefined, ...c.set } })),
  ...enumValues(`${W}.hostname.defaultTargetHostname`, ['DISABLED', 'ENABLED']),
  invalid('defaultPrefix and value', { [`${W}.prefix.defaultPrefix`]: 'ENABLED' }, [`${W}.prefix`, 'exactly one of defaultPrefix, value must be set']),
  invalid('neither defaultPrefix nor value', { [`${W}.prefix`]: {} }, [`${W}.prefix`, 'exactly one of defaultPrefix, value must be set']),
  invalid('prefix value without trailing slash', { [`${W}.prefix.value`]: '/api' }, [`${W}.prefix.value`, 'must start and end with "/"']),
  invalid('prefix value without leading slash', { [`${W}.prefix.value`]: 'api/' }, [`${W}.prefix.value`, 'must start and end with "/"']),
  ...lengthLimits(`${W}.prefix.value`, 1, 255, 'must be 1 to 255 characters long', '/'),
  ...lengthLimits(`${W}.path.exact`, 1, 255, 'must be 1 to 255 characters long').map((c) => ({ ...c, set: { [`${W}.prefix`]: undefined, ...c.set } })),
  // grpc
  valid('grpc with hostname only', { ...asGrpc, 'grpcRoute.match': { hostname: { exact: 'api.example.com' } } }),
  invalid('grpc without serviceName or hostname', { ...asGrpc, 'grpcRoute.match.serviceName': undefined }, ['grpcRoute.match', 'at least one of serviceName, hostname must be set']),
  invalid('grpc path rewrite', { ...asGrpc, 'grpcRoute.action.rewrite.path': { exact: '/x' } }, ['grpcRoute.action.rewrite', 'unknown field "path"']),
  ...intLimits('grpcRoute.match.port', 1, 65535, 'must be between 1 and 65535').map((c) => ({ ...c, set: { ...asGrpc, ...c.set } })),
]);
