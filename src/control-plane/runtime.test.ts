import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testRuntimeOptions } from '../../test/support/runtime-options.js';
import { UnavailableError } from '../core/errors.js';
import { ControlPlaneRuntime } from './runtime.js';

test('a busy HTTP port is one clear error, and the store is released so a retry can open it', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshwork-runtime-'));
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    busy.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const port = (busy.address() as AddressInfo).port;
  const options = (httpPort: number) => ({ ...testRuntimeOptions(dataDir), http: { host: '127.0.0.1', port: httpPort } });
  const failing = new ControlPlaneRuntime(options(port));
  await assert.rejects(failing.start(), (err: unknown) => {
    assert.ok(err instanceof UnavailableError);
    assert.equal(err.message, `cannot listen on 127.0.0.1:${port} for http: the address is already in use (is another meshwork up running?); choose another with --http HOST:PORT`);
    return true;
  });
  const retry = new ControlPlaneRuntime(options(0));
  await retry.start();
  assert.match(retry.addresses()[0]!.address, /^127\.0\.0\.1:\d+$/);
  await retry.close();
});
