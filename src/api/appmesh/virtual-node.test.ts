import { enumValues, intLimits, invalid, lengthLimits, specTable, valid } from '../../../test/support/spec-table.js';

const base = {
  listeners: [
    {
      portMapping: { port: 8081, protocol: 'http' },
      healthCheck: { protocol: 'http', path: '/id', healthyThreshold: 2, unhealthyThreshold: 2, timeoutMillis: 2000, intervalMillis: 5000, port: 8081 },
      outlierDetection: { maxServerErrors: 5, interval: { unit: 's', value: 10 }, baseEjectionDuration: { unit: 's', value: 30 }, maxEjectionPercent: 50 },
      connectionPool: { http: { maxConnections: 100, maxPendingRequests: 10 } },
      timeout: { http: { perRequest: { unit: 's', value: 15 }, idle: { unit: 'ms', value: 300000 } } },
      tls: {
        mode: 'STRICT',
        certificate: { file: { certificateChain: '/certs/chain.pem', privateKey: '/certs/key.pem' } },
        validation: { trust: { file: { certificateChain: '/certs/ca.pem' } }, subjectAlternativeNames: { match: { exact: ['consumer.consumer.svc.cluster.local'] } } },
      },
    },
    { portMapping: { port: 9090, protocol: 'tcp' } },
  ],
  serviceDiscovery: { dns: { hostname: 'green-v1.green.svc.cluster.local', responseType: 'ENDPOINTS', ipPreference: 'IPv4_ONLY' } },
  backends: [
    {
      virtualService: {
        virtualServiceName: 'blue.blue.svc.cluster.local',
        clientPolicy: {
          tls: {
            enforce: true,
            ports: [8080],
            certificate: { sds: { secretName: 'spiffe://webapp/green' } },
            validation: { trust: { acm: { certificateAuthorityArns: ['arn:aws:acm-pca:eu-central-1:000000000000:certificate-authority/1'] } } },
          },
        },
      },
    },
  ],
  backendDefaults: { clientPolicy: { tls: { validation: { trust: { sds: { secretName: 'spiffe://webapp' } } } } } },
  logging: { accessLog: { file: { path: '/dev/stdout', format: { json: [{ key: 'start', value: '%START_TIME%' }] } } } },
};

const L0 = 'listeners[0]';
const HC = `${L0}.healthCheck`;
const OD = `${L0}.outlierDetection`;
const CLOUD_MAP = { namespaceName: 'webapp.local', serviceName: 'green', attributes: [{ key: 'version', value: 'v1' }] };

specTable('VirtualNode', base, [
  valid('an empty spec (no listeners, no service discovery)', { listeners: undefined, serviceDiscovery: undefined, backends: undefined, backendDefaults: undefined, logging: undefined }),
  invalid('unknown top-level field', { listener: [] }, ['', 'unknown field "listener"']),
  invalid('listeners of the wrong type', { listeners: {} }, ['listeners', 'expected array, got object']),
  invalid('portMapping missing', { [`${L0}.portMapping`]: undefined }, [`${L0}.portMapping`, 'required']),
  invalid('misspelt protocol member', { 'listeners[1].portMapping': { port: 9090, prot: 'tcp' } }, ['listeners[1].portMapping.protocol', 'required'], ['listeners[1].portMapping', 'unknown field "prot"']),
  ...intLimits(`${L0}.portMapping.port`, 1, 65535, 'must be between 1 and 65535'),
  invalid('fractional port', { [`${L0}.portMapping.port`]: 80.5 }, [`${L0}.portMapping.port`, 'must be an integer']),
  ...enumValues('listeners[1].portMapping.protocol', ['grpc', 'http', 'http2', 'tcp']),
  invalid('duplicate listener port', { 'listeners[1].portMapping.port': 8081 }, ['listeners[1].portMapping.port', 'duplicate port 8081 (also used by listeners[0])']),
  // health check
  ...intLimits(`${HC}.healthyThreshold`, 2, 10, 'must be between 2 and 10'),
  ...intLimits(`${HC}.unhealthyThreshold`, 2, 10, 'must be between 2 and 10'),
  ...intLimits(`${HC}.intervalMillis`, 5000, 300000, 'must be between 5000 and 300000'),
  ...intLimits(`${HC}.timeoutMillis`, 2000, 60000, 'must be between 2000 and 60000'),
  ...intLimits(`${HC}.port`, 1, 65535, 'must be between 1 and 65535'),
  ...enumValues(`${HC}.protocol`, ['grpc', 'http', 'http2', 'tcp']),
  invalid('http health check without path', { [`${HC}.path`]: undefined }, [`${HC}.path`, 'required when protocol is http']),
  valid('tcp health check without path', { [`${HC}.path`]: undefined, [`${HC}.protocol`]: 'tcp' }),
  invalid('health check missing required members', { [HC]: { protocol: 'tcp' } },
    [`${HC}.healthyThreshold`, 'required'], [`${HC}.intervalMillis`, 'required'], [`${HC}.timeoutMillis`, 'required'], [`${HC}.unhealthyThreshold`, 'required']),
  // outlier detection and durations
  ...intLimits(`${OD}.maxServerErrors`, 1, undefined, 'must be at least 1'),
  ...intLimits(`${OD}.maxEjectionPercent`, 0, 100, 'must be between 0 and 100'),
  ...intLimits(`${OD}.interval.value`, 0, undefined, 'must be at least 0'),
  ...enumValues(`${OD}.baseEjectionDuration.unit`, ['ms', 's']),
  invalid('duration without unit', { [`${OD}.interval.unit`]: undefined }, [`${OD}.interval.unit`, 'required']),
  // connection pools
  ...intLimits(`${L0}.connectionPool.http.maxConnections`, 1, undefined, 'must be at least 1'),
  ...intLimits(`${L0}.connectionPool.http.maxPendingRequests`, 1, undefined, 'must be at least 1'),
  ...intLimits('listeners[1].connectionPool.tcp.maxConnections', 1, undefined, 'must be at least 1'),
  valid('http2 pool on an http2 listener', { 'listeners[1].portMapping.protocol': 'http2', 'listeners[1].connectionPool.http2.maxRequests': 1 }),
  invalid('http2 pool maxRequests 0', { 'listeners[1].portMapping.protocol': 'http2', 'listeners[1].connectionPool.http2.maxRequests': 0 },
    ['listeners[1].connectionPool.http2.maxRequests', 'must be at least 1']),
  invalid('grpc pool maxRequests 0', { 'listeners[1].portMapping.protocol': 'grpc', 'listeners[1].connectionPool.grpc.maxRequests': 0 },
    ['listeners[1].connectionPool.grpc.maxRequests', 'must be at least 1']),
  invalid('two connection pools', { [`${L0}.connectionPool.tcp`]: { maxConnections: 1 } }, [`${L0}.connectionPool`, 'exactly one of grpc, http, http2, tcp must be set']),
  invalid('empty connection pool', { [`${L0}.connectionPool`]: {} }, [`${L0}.connectionPool`, 'exactly one of grpc, http, http2, tcp must be set']),
  invalid('tcp pool on an http listener', { [`${L0}.connectionPool`]: { tcp: { maxConnections: 1 } } },
    [`${L0}.connectionPool.tcp`, 'does not match the listener protocol http (use connectionPool.http)']),
  // timeouts
  valid('tcp idle timeout on a tcp listener', { 'listeners[1].timeout.tcp.idle': { unit: 's', value: 0 } }),
  valid('grpc timeout on a grpc listener', { 'listeners[1].portMapping.protocol': 'grpc', 'listeners[1].timeout.grpc.perRequest': { unit: 'ms', value: 500 } }),
  invalid('grpc timeout on an http listener', { [`${L0}.timeout`]: { grpc: {} } }, [`${L0}.timeout.grpc`, 'does not match the listener protocol http (use timeout.http)']),
  invalid('two timeouts', { [`${L0}.timeout.http2`]: {} }, [`${L0}.timeout`, 'exactly one of grpc, http, http2, tcp must be set']),
  invalid('tcp timeout with perRequest', { 'listeners[1].timeout.tcp': { perRequest: { unit: 's', value: 1 } } }, ['listeners[1].timeout.tcp', 'unknown field "perRequest"']),
  // listener TLS
  ...enumValues(`${L0}.tls.mode`, ['DISABLED', 'PERMISSIVE', 'STRICT']),
  valid('acm listener certificate', { [`${L0}.tls.certificate`]: { acm: { certificateArn: 'arn:aws:acm:eu-central-1:000000000000:certificate/1' } } }),
  valid('sds listener certificate', { [`${L0}.tls.certificate`]: { sds: { secretName: 'green' } } }),
  invalid('two listener certificates', { [`${L0}.tls.certificate.sds`]: { secretName: 'x' } }, [`${L0}.tls.certificate`, 'exactly one of acm, file, sds must be set']),
  invalid('acm trust on a listener', { [`${L0}.tls.validation.trust`]: { acm: { certificateAuthorityArns: ['a'] } } },
    [`${L0}.tls.validation.trust`, 'unknown field "acm"'], [`${L0}.tls.validation.trust`, 'exactly one of file, sds must be set']),
  ...lengthLimits(`${L0}.tls.certificate.file.certificateChain`, 1, 255, 'must be 1 to 255 characters long'),
  ...lengthLimits(`${L0}.tls.validation.subjectAlternativeNames.match.exact[0]`, 1, 254, 'must be 1 to 254 characters long'),
  // service discovery
  invalid('listeners without service discovery', { serviceDiscovery: undefined }, ['serviceDiscovery', 'required when listeners are set']),
  valid('cloud map discovery', { serviceDiscovery: { awsCloudMap: CLOUD_MAP } }),
  invalid('dns and cloud map', { 'serviceDiscovery.awsCloudMap': CLOUD_MAP }, ['serviceDiscovery', 'exactly one of awsCloudMap, dns must be set']),
  invalid('dns without hostname', { 'serviceDiscovery.dns.hostname': undefined }, ['serviceDiscovery.dns.hostname', 'required']),
  ...enumValues('serviceDiscovery.dns.responseType', ['ENDPOINTS', 'LOADBALANCER']),
  ...enumValues('serviceDiscovery.dns.ipPreference', ['IPv4_ONLY', 'IPv4_PREFERRED', 'IPv6_ONLY', 'IPv6_PREFERRED']),
  ...[
    ...lengthLimits('serviceDiscovery.awsCloudMap.namespaceName', 1, 1024, 'must be 1 to 1024 characters long'),
    ...lengthLimits('serviceDiscovery.awsCloudMap.serviceName', 1, 1024, 'must be 1 to 1024 characters long'),
    ...lengthLimits('serviceDiscovery.awsCloudMap.attributes[0].key', 1, 255, 'must be 1 to 255 characters long'),
    ...lengthLimits('serviceDiscovery.awsCloudMap.attributes[0].value', 1, 1024, 'must be 1 to 1024 characters long'),
    ...enumValues('serviceDiscovery.awsCloudMap.ipPreference', ['IPv4_ONLY', 'IPv4_PREFERRED', 'IPv6_ONLY', 'IPv6_PREFERRED']),
    invalid('attribute key with a space', { 'serviceDiscovery.awsCloudMap.attributes[0].key': 'a b' },
      ['serviceDiscovery.awsCloudMap.attributes[0].key', 'must be printable ASCII without spaces']),
  ].map((c) => ({ ...c, set: { serviceDiscovery: { awsCloudMap: CLOUD_MAP }, ...c.set } })),
  // backends and client policy
  invalid('duplicate backend', { 'backends[1].virtualService.virtualServiceName': 'blue.blue.svc.cluster.local' },
    ['backends[1].virtualService.virtualServiceName', 'duplicate backend "blue.blue.svc.cluster.local" (also backends[0])']),
  invalid('empty backend', { 'backends[0]': {} }, ['backends[0]', 'exactly one of virtualService must be set']),
  invalid('backend without name', { 'backends[0].virtualService.virtualServiceName': undefined }, ['backends[0].virtualService.virtualServiceName', 'required']),
  invalid('client policy without validation', { 'backends[0].virtualService.clientPolicy.tls.validation': undefined },
    ['backends[0].virtualService.clientPolicy.tls.validation', 'required']),
  ...intLimits('backends[0].virtualService.clientPolicy.tls.ports[0]', 1, 65535, 'must be between 1 and 65535'),
  invalid('no CA ARNs', { 'backends[0].virtualService.clientPolicy.tls.validation.trust.acm.certificateAuthorityArns': [] },
    ['backends[0].virtualService.clientPolicy.tls.validation.trust.acm.certificateAuthorityArns', 'must have 1 to 3 items']),
  invalid('four CA ARNs', { 'backends[0].virtualService.clientPolicy.tls.validation.trust.acm.certificateAuthorityArns': ['a', 'b', 'c', 'd'] },
    ['backends[0].virtualService.clientPolicy.tls.validation.trust.acm.certificateAuthorityArns', 'must have 1 to 3 items']),
  invalid('acm client certificate', { 'backendDefaults.clientPolicy.tls.certificate': { acm: { certificateArn: 'a' } } },
    ['backendDefaults.clientPolicy.tls.certificate', 'unknown field "acm"'], ['backendDefaults.clientPolicy.tls.certificate', 'exactly one of file, sds must be set']),
  invalid('enforce of the wrong type', { 'backendDefaults.clientPolicy.tls.enforce': 'yes' }, ['backendDefaults.clientPolicy.tls.enforce', 'expected boolean, got string']),
  // logging
  ...lengthLimits('logging.accessLog.file.path', 1, 255, 'must be 1 to 255 characters long'),
  ...lengthLimits('logging.accessLog.file.format.json[0].key', 1, 100, 'must be 1 to 100 characters long'),
  ...lengthLimits('logging.accessLog.file.format.json[0].value', 1, 100, 'must be 1 to 100 characters long'),
  ...lengthLimits('logging.accessLog.file.format.text', 1, 1000, 'must be 1 to 1000 characters long').map((c) => ({
    ...c,
    set: { 'logging.accessLog.file.format': {}, ...c.set },
  })),
  invalid('text and json formats', { 'logging.accessLog.file.format.text': '%START_TIME%' }, ['logging.accessLog.file.format', 'exactly one of json, text must be set']),
  invalid('empty access log', { 'logging.accessLog': {} }, ['logging.accessLog', 'exactly one of file must be set']),
]);
