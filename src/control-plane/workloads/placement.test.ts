import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePlacementFailure, placeWorkload, type PlacementTarget, type PlacementWorld } from './placement.js';
import { matchesSelector } from '../../api/k8s/selector.js';

function vn(k8sName: string, namespace: string, podSelector?: PlacementTarget['podSelector'], meshName = 'webapp'): PlacementTarget {
  return {
    node: { meshName, kind: 'virtualNode', name: `${k8sName}_${namespace}` },
    k8sName,
    namespace,
    listeners: [{ port: 8081, protocol: 'http' }],
    ...(podSelector ? { podSelector } : {}),
  };
}

const world: PlacementWorld = {
  namespaces: [
    { name: 'green', labels: { mesh: 'webapp' } },
    { name: 'blue', labels: { mesh: 'webapp' } },
    { name: 'outside', labels: {} },
  ],
  meshes: [{ name: 'webapp', namespaceSelector: { matchLabels: { mesh: 'webapp' } } }],
  targets: [
    vn('green-v1', 'green', { matchLabels: { 'app.kubernetes.io/name': 'green-v1' } }),
    vn('green-v2', 'green', { matchLabels: { 'app.kubernetes.io/name': 'green-v2' } }),
    vn('blue-v1', 'blue', { matchLabels: { app: 'blue' } }),
    vn('blue-any', 'blue', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }),
    vn('no-selector', 'blue'),
  ],
};

test('the node whose podSelector picks the labels in the namespace is chosen', () => {
  const r = placeWorkload({ namespace: 'green', labels: { 'app.kubernetes.io/name': 'green-v1', extra: 'x' } }, world);
  assert.equal(r.outcome, 'placed');
  assert.equal(r.outcome === 'placed' && r.target.node.name, 'green-v1_green');
});

test('nodes of other namespaces never match', () => {
  const r = placeWorkload({ namespace: 'blue', labels: { 'app.kubernetes.io/name': 'green-v1' } }, world);
  assert.equal(r.outcome, 'no-match');
  const msg = describePlacementFailure({ namespace: 'blue', labels: { 'app.kubernetes.io/name': 'green-v1' } }, r as Exclude<typeof r, { outcome: 'placed' }>);
  assert.match(msg, /^no virtual node or virtual gateway selects workload with labels app\.kubernetes\.io\/name=green-v1 in namespace blue; candidates in that namespace: /);
  assert.match(msg, /VirtualNode blue-v1 \(blue-v1_blue, podSelector app=blue\)/);
  assert.match(msg, /VirtualNode no-selector \(no-selector_blue, no podSelector\)/);
});

test('two matches are refused, naming both', () => {
  const req = { namespace: 'blue', labels: { app: 'blue', tier: 'web' } };
  const r = placeWorkload(req, world);
  assert.equal(r.outcome, 'ambiguous');
  const msg = describePlacementFailure(req, r as Exclude<typeof r, { outcome: 'placed' }>);
  assert.match(msg, /is selected by 2 resources, exactly one must select it: VirtualNode blue-v1 .*VirtualNode blue-any \(blue-any_blue, podSelector tier Exists\)/);
});

test('a namespace outside every mesh, or never applied, says so', () => {
  const outside = placeWorkload({ namespace: 'outside', labels: { app: 'blue' } }, world);
  assert.equal(outside.outcome, 'no-mesh');
  assert.match(
    describePlacementFailure({ namespace: 'outside', labels: {} }, outside as Exclude<typeof outside, { outcome: 'placed' }>),
    /no mesh selects namespace outside through its namespaceSelector; meshes: webapp \(namespaceSelector mesh=webapp\)/,
  );
  const unknown = placeWorkload({ namespace: 'nowhere', labels: {} }, world);
  assert.match(
    describePlacementFailure({ namespace: 'nowhere', labels: {} }, unknown as Exclude<typeof unknown, { outcome: 'placed' }>),
    /namespace nowhere has not been applied/,
  );
});

const selectorCases = [
  { name: 'empty selector picks everything', selector: {}, labels: {}, expected: true },
  { name: 'matchLabels needs every pair', selector: { matchLabels: { a: '1', b: '2' } }, labels: { a: '1' }, expected: false },
  { name: 'In', selector: { matchExpressions: [{ key: 'a', operator: 'In' as const, values: ['1', '2'] }] }, labels: { a: '2' }, expected: true },
  { name: 'NotIn with the key absent', selector: { matchExpressions: [{ key: 'a', operator: 'NotIn' as const, values: ['1'] }] }, labels: {}, expected: true },
  { name: 'NotIn with a listed value', selector: { matchExpressions: [{ key: 'a', operator: 'NotIn' as const, values: ['1'] }] }, labels: { a: '1' }, expected: false },
  { name: 'DoesNotExist', selector: { matchExpressions: [{ key: 'a', operator: 'DoesNotExist' as const }] }, labels: { a: '' }, expected: false },
];
for (const c of selectorCases) {
  test(`label selector: ${c.name}`, () => assert.equal(matchesSelector(c.selector, c.labels), c.expected));
}
