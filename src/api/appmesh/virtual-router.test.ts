import { enumValues, intLimits, invalid, specTable, valid } from '../../../test/support/spec-table.js';

specTable('VirtualRouter', { listeners: [{ portMapping: { port: 8085, protocol: 'http' } }] }, [
  ...intLimits('listeners[0].portMapping.port', 1, 65535, 'must be between 1 and 65535'),
  ...enumValues('listeners[0].portMapping.protocol', ['grpc', 'http', 'http2', 'tcp']),
  valid('two listeners on different ports', { 'listeners[1].portMapping': { port: 8086, protocol: 'grpc' } }),
  invalid('two listeners on one port', { 'listeners[1].portMapping': { port: 8085, protocol: 'grpc' } },
    ['listeners[1].portMapping.port', 'duplicate port 8085 (also used by listeners[0])']),
  invalid('no listeners', { listeners: [] }, ['listeners', 'must have at least 1 item']),
  invalid('listeners left out', { listeners: undefined }, ['listeners', 'required']),
  invalid('a health check on a router listener', { 'listeners[0].healthCheck': {} }, ['listeners[0]', 'unknown field "healthCheck"']),
]);
