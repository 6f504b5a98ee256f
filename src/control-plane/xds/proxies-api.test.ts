import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogRegistry } from '../../core/log.js';
import { createAuthenticator } from '../auth/authenticator.js';
import { HttpRouter } from '../http/router.js';
import { ControlPlaneHttpServer } from '../http/server.js';
import { createProxiesApiModule } from './proxies-api.js';
import { ProxyRegistry } from './server/proxies.js';

test('proxy endpoints refuse unsigned requests when the control plane has credentials', async (t) => {
  const credentials = new Map([['AKIDPROXIESTEST', { accessKeyId: 'AKIDPROXIESTEST', secretAccessKey: 'secret', source: 'default' }]]);
  const router = new HttpRouter();
  router.register(createProxiesApiModule(new ProxyRegistry(), createAuthenticator(credentials)));
  const http = new ControlPlaneHttpServer({ host: '127.0.0.1', port: 0, router, log: new LogRegistry('off').get('http') });
  await http.start();
  t.after(() => http.destroy());

  const res = await fetch(`http://127.0.0.1:${http.address().port}/meshwork/v1/proxies`);
  assert.equal(res.status, 403);
  const body = (await res.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'ERR_FORBIDDEN');
  assert.match(body.error.message, /sign|signature|Authorization/i);
});

test('proxy endpoints answer unsigned requests when no credentials are configured', async (t) => {
  const router = new HttpRouter();
  router.register(createProxiesApiModule(new ProxyRegistry(), createAuthenticator(undefined)));
  const http = new ControlPlaneHttpServer({ host: '127.0.0.1', port: 0, router, log: new LogRegistry('off').get('http') });
  await http.start();
  t.after(() => http.destroy());

  const res = await fetch(`http://127.0.0.1:${http.address().port}/meshwork/v1/proxies`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { proxies: [] });
});
