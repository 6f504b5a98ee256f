import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MESHWORK_BIN, PROXY_NODE_FLAGS } from '../../cli/proxy-runtime.js';
import { meshworkProxySidecar, type SidecarPlan } from './sidecar.js';

const plan: SidecarPlan = {
  node: { meshName: 'webapp', kind: 'virtualNode', name: 'green-v1_green' },
  address: '127.0.0.7',
  admin: '127.0.0.7:9901',
  xds: '127.0.0.1:7701',
  interception: 'local',
  appPorts: new Map([[8081, 40123]]),
  appHost: '127.0.0.1',
};

test('a sidecar runs meshwork proxy under this Node.js with the proxy Node flags before the script', () => {
  assert.equal(meshworkProxySidecar.command, process.execPath);
  assert.deepEqual(meshworkProxySidecar.args(plan), [
    '--max-semi-space-size=2',
    MESHWORK_BIN, 'proxy',
    '--node', 'mesh/webapp/virtualNode/green-v1_green',
    '--address', '127.0.0.7',
    '--admin', '127.0.0.7:9901',
    '--xds', '127.0.0.1:7701',
    '--interception', 'local',
    '--app-port', '8081=40123',
    '--app-host', '127.0.0.1',
  ]);
  assert.deepEqual(PROXY_NODE_FLAGS, ['--max-semi-space-size=2']);
});
