/**
 * Local mode as a user runs it: `meshwork up`, the chapter's manifests applied with the real CLI, and
 * `meshwork run` as child processes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startControlPlane } from '../support/meshwork-process.js';
import { WEBAPP_EXAMPLE } from '../support/paths.js';

const COLOR_APP = join(WEBAPP_EXAMPLE, 'apps', 'color-app.mjs');

test('meshwork run places a workload by namespace and labels, and explains a mismatch with the candidates', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshwork-local-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const cp = await startControlPlane(t, dataDir);
  for (const f of ['01-namespaces.yaml', '02-services.yaml', '03-mesh.yaml', '04-namespace-labels.yaml', '05-virtual-nodes.yaml']) {
    const r = await runCli(['apply', '-f', join(WEBAPP_EXAMPLE, f), '--server', cp.url]);
    assert.equal(r.code, 0, r.stderr);
  }
  const wrong = await runCli(['run', '--server', cp.url, '-n', 'green', '-l', 'app.kubernetes.io/name=purple', '--', process.execPath, COLOR_APP, 'green']);
  assert.equal(wrong.code, 1);
  assert.equal(
    wrong.stderr,
    'error: no virtual node or virtual gateway selects workload with labels app.kubernetes.io/name=purple in namespace green; ' +
      'candidates in that namespace: VirtualNode green-v1 (green-v1_green, podSelector app.kubernetes.io/name=green-v1)\n',
  );
  const outside = await runCli(['run', '--server', cp.url, '-n', 'default', '-l', 'app=x', '--', 'true']);
  assert.equal(outside.code, 1);
  assert.match(outside.stderr, /^error: cannot place workload with labels app=x in namespace default: namespace default has not been applied/);
});
