import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAny, encodeAny } from '../../xds-api/any.js';
import { ROUTE_CONFIGURATION_TYPE_URL } from '../../xds-api/type-urls.js';
import { compileRouteTable as compileDecoded } from '../config/compile-routes.js';
import { ConfigError } from '../config/proto-read.js';
import { matchRoute, pickCluster, selectVirtualHost, type RequestView } from './match.js';

/** Compiles a route configuration the way it arrives: encoded, then decoded. */
function compileRouteTable(rc: Record<string, unknown>, version: string) {
  return compileDecoded(decodeAny(encodeAny(ROUTE_CONFIGURATION_TYPE_URL, rc)), version);
}

function req(method: string, authority: string, url: string, headers: Record<string, string> = {}, scheme = 'http'): RequestView {
  const q = url.indexOf('?');
  return { method, scheme, authority, path: q < 0 ? url : url.slice(0, q), query: q < 0 ? '' : url.slice(q + 1), header: (n) => headers[n] };
}

const r = (match: Record<string, unknown>, cluster: string) => ({ name: cluster, match, route: { cluster } });
const table = compileRouteTable(
  {
    name: 'rds_egress_http_15001',
    virtual_hosts: [
      {
        name: 'color',
        domains: ['color.webapp.local', 'color.webapp.local:8080'],
        routes: [
          r({ path: '/exact', path_specifier: 'path' }, 'exact'),
          r({ safe_regex: { regex: '/items/[0-9]+' }, path_specifier: 'safe_regex' }, 'regex'),
          r({ prefix: '/', path_specifier: 'prefix', headers: [{ name: 'x-canary', exact_match: 'yes', header_match_specifier: 'exact_match' }] }, 'canary'),
          r({ prefix: '/', path_specifier: 'prefix', headers: [{ name: ':method', exact_match: 'POST', header_match_specifier: 'exact_match' }] }, 'post'),
          r({ prefix: '/', path_specifier: 'prefix', query_parameters: [{ name: 'v', string_match: { exact: '2', match_pattern: 'exact' }, query_parameter_match_specifier: 'string_match' }] }, 'v2'),
          r({ prefix: '/', path_specifier: 'prefix', headers: [{ name: ':scheme', exact_match: 'https', header_match_specifier: 'exact_match' }] }, 'tls'),
          r({ prefix: '/', path_specifier: 'prefix', headers: [{ name: 'x-debug', present_match: true, header_match_specifier: 'present_match', invert_match: true }] }, 'no-debug'),
          r({ prefix: '/', path_specifier: 'prefix' }, 'default'),
        ],
      },
      { name: 'wild-suffix', domains: ['*.webapp.local'], routes: [r({ prefix: '/', path_specifier: 'prefix' }, 'suffix')] },
      { name: 'wild-prefix', domains: ['api.*'], routes: [r({ prefix: '/', path_specifier: 'prefix' }, 'prefixed')] },
      { name: 'all', domains: ['*'], routes: [r({ prefix: '/only', path_specifier: 'prefix' }, 'catch-all')] },
    ],
  },
  '1',
);

const cases: Array<[string, RequestView, string | undefined]> = [
  ['exact path', req('GET', 'color.webapp.local', '/exact'), 'exact'],
  ['exact path does not match a longer path', req('GET', 'color.webapp.local', '/exact/more'), 'no-debug'],
  ['regex path', req('GET', 'color.webapp.local:8080', '/items/42'), 'regex'],
  ['header exact', req('GET', 'color.webapp.local', '/', { 'x-canary': 'yes' }), 'canary'],
  ['method via :method', req('POST', 'color.webapp.local', '/'), 'post'],
  ['query parameter', req('GET', 'color.webapp.local', '/?a=1&v=2'), 'v2'],
  ['scheme via :scheme', req('GET', 'color.webapp.local', '/', {}, 'https'), 'tls'],
  ['inverted present match', req('GET', 'color.webapp.local', '/', { 'x-debug': '1' }), 'default'],
  ['host match is case-insensitive and ignores an unlisted port', req('GET', 'COLOR.webapp.local:9999', '/exact'), 'exact'],
  ['suffix wildcard', req('GET', 'blue.webapp.local', '/'), 'suffix'],
  ['prefix wildcard', req('GET', 'api.example.com', '/'), 'prefixed'],
  ['catch-all domain', req('GET', 'other', '/only/x'), 'catch-all'],
  ['catch-all domain, no route', req('GET', 'other', '/nope'), undefined],
];

for (const [name, request, expected] of cases) {
  test(`route match: ${name}`, () => {
    const vh = selectVirtualHost(table, request.authority);
    const route = vh && matchRoute(vh, request);
    assert.equal(route?.name, expected);
  });
}

test('weighted clusters split by weight', () => {
  const t = compileRouteTable({ name: 'x', virtual_hosts: [{ name: 'v', domains: ['*'], routes: [{ match: { prefix: '/', path_specifier: 'prefix' }, route: { weighted_clusters: { clusters: [{ name: 'a', weight: { value: 1 } }, { name: 'b', weight: { value: 3 } }] }, cluster_specifier: 'weighted_clusters' } }] }] }, '1');
  const action = t.virtualHosts[0]!.routes[0]!.action;
  assert.equal(action.kind, 'forward');
  if (action.kind !== 'forward') return;
  assert.equal(pickCluster(action, 0), 'a');
  assert.equal(pickCluster(action, 0.24), 'a');
  assert.equal(pickCluster(action, 0.25), 'b');
  assert.equal(pickCluster(action, 0.99), 'b');
});

test('bad route configuration is rejected with the field path', () => {
  assert.throws(
    () => compileRouteTable({ name: 'x', virtual_hosts: [{ name: 'v', domains: ['a*b'], routes: [] }] }, '1'),
    (err: unknown) => err instanceof ConfigError && /virtual_hosts\[0\]\.domains: 'a\*b': a wildcard may only start or end a domain/.test(err.message),
  );
  assert.throws(
    () => compileRouteTable({ name: 'x', virtual_hosts: [{ name: 'v', domains: ['*'], routes: [{ match: { safe_regex: { regex: '(' }, path_specifier: 'safe_regex' }, route: { cluster: 'c', cluster_specifier: 'cluster' } }] }] }, '1'),
    /routes\[0\]\.match\.safe_regex\.regex: invalid regex/,
  );
});
