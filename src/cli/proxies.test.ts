import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as chapter from '../../test/support/chapter.js';
import { TestAdsClient, waitFor } from '../../test/support/ads-client.js';
import { startXds } from '../../test/support/xds-harness.js';
import { LogRegistry } from '../core/log.js';
import { HttpRouter } from '../control-plane/http/router.js';
import { ControlPlaneHttpServer } from '../control-plane/http/server.js';
import { createProxiesApiModule } from '../control-plane/xds/proxies-api.js';
import { CLUSTER_TYPE_URL, LISTENER_TYPE_URL, toStruct } from '../xds-api/index.js';
import { runConfigDump, runGetProxies } from './proxies.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/meshwork.js', import.meta.url));
const GREEN = 'mesh/webapp/virtualNode/green-v1_green';

describe('meshwork get proxies / config-dump', () => {
  it('lists connected proxies with ACK and NACK state and dumps what was sent', async (t) => {
    const xds = await startXds(t, chapter.MESH, chapter.virtualServices());
    const router = new HttpRouter();
    router.register(createProxiesApiModule(xds.registry));
    const http = new ControlPlaneHttpServer({ host: '127.0.0.1', port: 0, router, log: new LogRegistry('off').get('http') });
    await http.start();
    t.after(() => http.destroy());
    const server = `http://127.0.0.1:${http.address().port}`;

    const client = new TestAdsClient(xds.address);
    t.after(() => client.close());
    client.send({ node: { id: GREEN, metadata: toStruct({ MESHWORK_ADDRESS: '127.0.0.7' }) }, type_url: CLUSTER_TYPE_URL });
    const cds = await client.next();
    client.send({ type_url: CLUSTER_TYPE_URL, version_info: cds.version, response_nonce: cds.nonce });
    client.send({ type_url: LISTENER_TYPE_URL });
    const lds = await client.next();
    client.send({ type_url: LISTENER_TYPE_URL, response_nonce: lds.nonce, error_detail: { code: 3, message: 'port 15000 in use' } });
    await waitFor(() => xds.registry.list()[0]?.state.status().some((s) => s.nack) === true, 'the NACK');

    let out = '';
    await runGetProxies({ server }, { out: (s) => (out += s), err: (s) => (out += s) });
    const [header, row, , problem] = out.split('\n');
    assert.match(header!, /^NODE\s+ID\s+ADDRESS\s+MODE\s+STATUS\s+CDS\s+EDS\s+LDS\s+RDS\s+LAST PUSH$/);
    assert.match(row!, new RegExp(`^${GREEN}\\s+c1\\s+127\\.0\\.0\\.7\\s+transparent\\s+NACKED\\s+ACK ${cds.version.slice(0, 8)}\\s+-\\s+NACK ${lds.version.slice(0, 8)}\\s+-\\s+\\d{4}-`));
    assert.equal(problem, `${GREEN} (c1) rejected LDS ${lds.version}: port 15000 in use`);

    const listed = await run(process.execPath, [BIN, 'get', 'proxies', '--server', server]);
    assert.equal(listed.stdout, out, 'meshwork get proxies prints the same table');
    const { stdout } = await run(process.execPath, [BIN, 'config-dump', `arn:aws:appmesh:eu-central-1:112233:${GREEN}`, '--server', server]);
    const dump = JSON.parse(stdout) as { proxy: { node: string }; configs: { type_url: string; version_info: string; resources: { name: string }[] }[] };
    assert.equal(dump.proxy.node, GREEN);
    assert.deepEqual(
      dump.configs.map((c) => [c.type_url, c.version_info, c.resources.map((r) => r.name)]),
      [
        [CLUSTER_TYPE_URL, cds.version, ['cds_ingress_webapp_green-v1_green_http_8081']],
        [LISTENER_TYPE_URL, lds.version, ['lds_ingress_0.0.0.0_15000']],
      ],
    );

    await assert.rejects(runConfigDump('mesh/webapp/virtualNode/nobody', { server }, { out: () => undefined, err: () => undefined }), /no connected proxy mesh\/webapp\/virtualNode\/nobody/);
    const failed = await run(process.execPath, [BIN, 'config-dump', 'c99', '--server', server]).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    assert.deepEqual([failed.code, failed.stderr], [1, 'error: no connected proxy c99 (see meshwork get proxies)\n']);
  });
});
