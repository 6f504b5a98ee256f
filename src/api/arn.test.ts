import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../core/errors.js';
import { arnConfigFromEnv, buildArn, DEFAULT_ARN_CONFIG, ownedResourcePath, parseArn, parseResourcePath } from './arn.js';
import type { ResourceId } from './kinds.js';

const ids: [ResourceId, string][] = [
  [{ kind: 'Mesh', meshName: 'webapp', name: 'webapp' }, 'mesh/webapp'],
  [{ kind: 'VirtualNode', meshName: 'webapp', name: 'green-v1_green' }, 'mesh/webapp/virtualNode/green-v1_green'],
  [{ kind: 'VirtualService', meshName: 'webapp', name: 'myapp.consumer.svc.cluster.local' }, 'mesh/webapp/virtualService/myapp.consumer.svc.cluster.local'],
  [{ kind: 'VirtualRouter', meshName: 'webapp', name: 'app-router_consumer' }, 'mesh/webapp/virtualRouter/app-router_consumer'],
  [{ kind: 'Route', meshName: 'webapp', parentName: 'app-router_consumer', name: 'app-route' }, 'mesh/webapp/virtualRouter/app-router_consumer/route/app-route'],
  [{ kind: 'VirtualGateway', meshName: 'webapp', name: 'in-gw_internet' }, 'mesh/webapp/virtualGateway/in-gw_internet'],
  [{ kind: 'GatewayRoute', meshName: 'webapp', parentName: 'in-gw_internet', name: 'myapp-route_internet' }, 'mesh/webapp/virtualGateway/in-gw_internet/gatewayRoute/myapp-route_internet'],
];

test('ARNs use the default partition, region and account', () => {
  assert.equal(buildArn(ids[1]![0], DEFAULT_ARN_CONFIG), 'arn:aws:appmesh:eu-central-1:000000000000:mesh/webapp/virtualNode/green-v1_green');
});

test('every kind round-trips through its ARN and resource path', () => {
  const config = { partition: 'aws-cn', region: 'cn-north-1', account: '112233445566' };
  for (const [id, path] of ids) {
    const arn = buildArn(id, config);
    assert.equal(arn, `arn:aws-cn:appmesh:cn-north-1:112233445566:${path}`);
    assert.deepEqual(parseArn(arn), { partition: 'aws-cn', region: 'cn-north-1', account: '112233445566', id });
    assert.deepEqual(parseResourcePath(path), { id });
  }
});

test('the APPMESH_RESOURCE_ARN form carries the mesh owner', () => {
  const id = ids[1]![0];
  assert.equal(ownedResourcePath(id, '111122223333'), 'mesh/webapp@111122223333/virtualNode/green-v1_green');
  assert.deepEqual(parseResourcePath('mesh/webapp@111122223333/virtualNode/green-v1_green'), { id, meshOwner: '111122223333' });
  assert.equal(ownedResourcePath(ids[0]![0], '111122223333'), 'mesh/webapp@111122223333');
  assert.equal(ownedResourcePath(id), 'mesh/webapp/virtualNode/green-v1_green');
});

test('malformed ARNs and paths are rejected with the field and what was expected', () => {
  const cases: [() => unknown, string][] = [
    [() => parseArn('arn:aws:ec2:eu-central-1:000000000000:mesh/webapp'), 'resourceArn: "arn:aws:ec2:eu-central-1:000000000000:mesh/webapp" is not an App Mesh resource: expected arn:<partition>:appmesh:<region>:<account>:mesh/<mesh>/...'],
    [() => parseResourcePath('mesh/webapp/virtualNodes/x'), 'resourcePath: "mesh/webapp/virtualNodes/x" is not an App Mesh resource: unknown resource type'],
    [() => parseResourcePath('webapp/virtualNode/x'), 'resourcePath: "webapp/virtualNode/x" is not an App Mesh resource: expected mesh/<mesh>[/<kind>/<name>]'],
    [() => parseResourcePath('mesh/webapp/route/x'), 'resourcePath: "mesh/webapp/route/x" is not an App Mesh resource: expected mesh/<mesh>/virtualRouter/<name>/route/<name>'],
    [() => parseResourcePath('mesh/webapp/x/virtualNode/y'), 'resourcePath: "mesh/webapp/x/virtualNode/y" is not an App Mesh resource: expected mesh/<mesh>/virtualNode/<name>'],
    [() => parseResourcePath('mesh/webapp/virtualNode/'), 'resourcePath: "mesh/webapp/virtualNode/" is not an App Mesh resource: expected mesh/<mesh>[/<kind>/<name>]'],
  ];
  for (const [fn, message] of cases) {
    assert.throws(fn, (err: unknown) => err instanceof ValidationError && err.message === message);
  }
});

test('ARN config comes from the environment, checked', () => {
  assert.deepEqual(arnConfigFromEnv({}), DEFAULT_ARN_CONFIG);
  assert.deepEqual(arnConfigFromEnv({ MESHWORK_REGION: 'us-west-2', MESHWORK_ACCOUNT_ID: '112233445566' }), {
    partition: 'aws',
    region: 'us-west-2',
    account: '112233445566',
  });
  assert.throws(
    () => arnConfigFromEnv({ MESHWORK_ACCOUNT_ID: '112233' }),
    (err: unknown) => err instanceof ValidationError && err.message === 'invalid ARN configuration: account: must be 12 digits, got "112233"',
  );
});
