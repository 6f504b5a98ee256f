import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOOK_FIXTURES, WEBAPP_EXAMPLE } from '../../../test/support/paths.js';
import { formatViolation } from '../../core/errors.js';
import type { AppMeshKind } from '../kinds.js';
import type { MeshResource, Mutation } from '../../control-plane/manager/manager.js';
import type { ClusterState } from './cluster-state.js';
import { batchMutations, convertManifests, type ConversionResult } from './convert.js';
import { loadManifests } from './load.js';
import type { K8sObject } from './types.js';

const NOW = new Date('2026-11-25T12:00:00Z');

/** Applies converted mutations to plain maps, so a batch can be converted against the state left by earlier ones. */
class AppliedState implements ClusterState {
  readonly resources_ = new Map<string, MeshResource>();
  readonly objects = new Map<string, unknown>();
  namespace(name: string): K8sObject | undefined {
    return this.objects.get(`k8s.Namespace/${name}`) as K8sObject | undefined;
  }
  resources(kind: AppMeshKind): readonly MeshResource[] {
    return [...this.resources_.values()].filter((r) => r.id.kind === kind);
  }
  object(kind: string, key: string): unknown {
    return this.objects.get(`${kind}/${key}`);
  }
  apply(mutations: readonly Mutation[]): void {
    for (const m of mutations) {
      if (m.op === 'put-object') this.objects.set(`${m.kind}/${m.key}`, m.value);
      else if (m.op === 'delete-object') this.objects.delete(`${m.kind}/${m.key}`);
      else if (m.op === 'delete') this.resources_.delete(JSON.stringify(m.id));
      else {
        const metadata = { arn: '', uid: '', version: 1, createdAt: 0, lastUpdatedAt: 0, meshOwner: '', resourceOwner: '' };
        this.resources_.set(JSON.stringify(m.id), { id: m.id, spec: m.spec, metadata, status: { status: 'ACTIVE' }, tags: [], ...(m.k8s ? { k8s: m.k8s } : {}) });
      }
    }
  }
}

function convertText(text: string, file: string, state: ClusterState): ConversionResult {
  const loaded = loadManifests(text, file);
  assert.equal(loaded.ok, true, `${file} loads`);
  if (!loaded.ok) throw new Error('unreachable');
  return convertManifests(loaded.documents, state, NOW);
}

function convertExample(file: string, state: AppliedState): Mutation[] {
  const r = convertText(readFileSync(join(WEBAPP_EXAMPLE, file), 'utf8'), file, state);
  if (!r.ok) assert.fail(r.violations.map(formatViolation).join('\n'));
  const mutations = batchMutations(r.objects);
  state.apply(mutations);
  return mutations;
}

function summary(m: Mutation): string {
  switch (m.op) {
    case 'put-object':
    case 'delete-object':
      return `${m.op} ${m.kind} ${m.key}`;
    case 'create':
    case 'update':
    case 'upsert':
    case 'delete':
      return `${m.op} ${m.id.kind} ${m.id.meshName}/${m.id.parentName ? `${m.id.parentName}/` : ''}${m.id.name}`;
    default: {
      const never: never = m;
      return String(never);
    }
  }
}

/** Every chapter step in order, with the App Mesh changes it makes. */
const CHAPTER: { file: string; expected: string[] }[] = [
  { file: '01-namespaces.yaml', expected: ['put-object k8s.Namespace green', 'put-object k8s.Namespace blue', 'put-object k8s.Namespace consumer'] },
  { file: '02-services.yaml', expected: ['put-object k8s.Service green/green-v1', 'put-object k8s.Service blue/blue-v1'] },
  { file: '03-mesh.yaml', expected: ['upsert Mesh webapp/webapp'] },
  { file: '04-namespace-labels.yaml', expected: ['put-object k8s.Namespace consumer', 'put-object k8s.Namespace blue', 'put-object k8s.Namespace green'] },
  { file: '05-virtual-nodes.yaml', expected: ['upsert VirtualNode webapp/green-v1_green', 'upsert VirtualNode webapp/blue-v1_blue'] },
  {
    file: '06-virtual-services.yaml',
    expected: [
      'upsert VirtualService webapp/blue.blue.svc.cluster.local', 'put-object k8s.Service blue/blue',
      'upsert VirtualService webapp/green.green.svc.cluster.local', 'put-object k8s.Service green/green',
    ],
  },
  { file: '07-consumer-node.yaml', expected: ['upsert VirtualNode webapp/consumer_consumer'] },
  {
    file: '08-router.yaml',
    expected: [
      'upsert VirtualRouter webapp/app-router_consumer', 'upsert Route webapp/app-router_consumer/app-route',
      'upsert VirtualService webapp/myapp.consumer.svc.cluster.local', 'put-object k8s.Service consumer/myapp',
    ],
  },
  { file: '09-consumer-node-myapp.yaml', expected: ['upsert VirtualNode webapp/consumer_consumer'] },
  { file: '10-router-50-50.yaml', expected: ['upsert VirtualRouter webapp/app-router_consumer', 'upsert Route webapp/app-router_consumer/app-route'] },
  {
    file: '11-gateway.yaml',
    expected: ['put-object k8s.Namespace internet', 'upsert VirtualGateway webapp/in-gw_internet', 'upsert GatewayRoute webapp/in-gw_internet/myapp-route_internet', 'put-object k8s.Service internet/in-gw'],
  },
  { file: '12-blue-v1-cloudmap.yaml', expected: ['upsert VirtualNode webapp/blue-v1_blue'] },
];

test('the chapter\'s manifests, applied in order, become the App Mesh resources the chapter lists', () => {
  const state = new AppliedState();
  const byFile = new Map<string, Mutation[]>();
  for (const step of CHAPTER) {
    const mutations = convertExample(step.file, state);
    byFile.set(step.file, mutations);
    assert.deepEqual(mutations.map(summary), step.expected, step.file);
  }
  assert.deepEqual(readdirSync(WEBAPP_EXAMPLE).filter((f) => f.endsWith('.yaml')).sort(), CHAPTER.map((s) => s.file), 'every example file is covered');

  const spec = (file: string, i: number) => (byFile.get(file)![i] as { spec: unknown }).spec;
  assert.deepEqual(spec('05-virtual-nodes.yaml', 0), {
    listeners: [{
      portMapping: { port: 8081, protocol: 'http' },
      healthCheck: { protocol: 'http', path: '/id', healthyThreshold: 2, unhealthyThreshold: 2, timeoutMillis: 2000, intervalMillis: 5000 },
    }],
    serviceDiscovery: { dns: { hostname: 'green-v1.green.svc.cluster.local' } },
  });
  assert.deepEqual(spec('06-virtual-services.yaml', 0), { provider: { virtualNode: { virtualNodeName: 'blue-v1_blue' } } });
  assert.deepEqual(spec('09-consumer-node-myapp.yaml', 0), {
    listeners: [{ portMapping: { port: 8082, protocol: 'http' } }],
    serviceDiscovery: { dns: { hostname: 'consumer.consumer.svc.cluster.local' } },
    backends: [
      { virtualService: { virtualServiceName: 'blue.blue.svc.cluster.local' } },
      { virtualService: { virtualServiceName: 'green.green.svc.cluster.local' } },
      { virtualService: { virtualServiceName: 'myapp.consumer.svc.cluster.local' } },
    ],
  });
  const route = (file: string) => spec(file, 1);
  const targets = (weights: [number, number]) => ({
    httpRoute: {
      match: { prefix: '/id' },
      action: { weightedTargets: [{ virtualNode: 'green-v1_green', weight: weights[0], port: 8081 }, { virtualNode: 'blue-v1_blue', weight: weights[1], port: 8080 }] },
    },
  });
  assert.deepEqual(route('08-router.yaml'), targets([100, 0]));
  assert.deepEqual(route('10-router-50-50.yaml'), targets([50, 50]));
  assert.deepEqual(spec('08-router.yaml', 2), { provider: { virtualRouter: { virtualRouterName: 'app-router_consumer' } } });
  assert.deepEqual(spec('11-gateway.yaml', 2), {
    httpRoute: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: 'myapp.consumer.svc.cluster.local' } } } },
  });
  assert.deepEqual(spec('12-blue-v1-cloudmap.yaml', 0), {
    ...(spec('05-virtual-nodes.yaml', 1) as object),
    listeners: [{
      portMapping: { port: 8080, protocol: 'http' },
      healthCheck: { protocol: 'http', path: '/id', healthyThreshold: 2, unhealthyThreshold: 2, timeoutMillis: 2000, intervalMillis: 5000 },
    }],
    serviceDiscovery: { awsCloudMap: { namespaceName: 'prod.eu', serviceName: 'myapp' } },
  });
  const mesh = byFile.get('03-mesh.yaml')![0]!;
  assert.deepEqual(mesh.op === 'upsert' && mesh.k8s, { name: 'webapp', extra: { namespaceSelector: { matchLabels: { mesh: 'webapp' } } } });
  const vn = byFile.get('05-virtual-nodes.yaml')![0]!;
  assert.deepEqual(vn.op === 'upsert' && vn.k8s, { name: 'green-v1', namespace: 'green', extra: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'green-v1' } } } });
});

test('the book\'s text (non-breaking spaces) converts exactly like the cleaned-up example', () => {
  const fromBook = new AppliedState();
  const fromExample = new AppliedState();
  for (const f of ['01-namespaces.yaml', '03-mesh.yaml', '04-namespace-labels.yaml']) {
    convertExample(f, fromBook);
    convertExample(f, fromExample);
  }
  for (const [book, example] of [['10-virtualnode-green.yaml', 0], ['11-virtualnode-blue.yaml', 1]] as const) {
    const r = convertText(readFileSync(join(BOOK_FIXTURES, book), 'utf8'), book, fromBook);
    assert.ok(r.ok && r.warnings.length === 0);
    assert.deepEqual(batchMutations(r.ok ? r.objects : []), [convertExample('05-virtual-nodes.yaml', fromExample)[example]]);
  }
});

test('the Deployment is acknowledged with a note and changes nothing', () => {
  const r = convertText(readFileSync(join(BOOK_FIXTURES, '03-deployment-green.yaml'), 'utf8'), 'd.yaml', new AppliedState());
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.objects[0]!.display, 'deployment.apps/green-v1');
  assert.deepEqual(r.objects[0]!.mutations, []);
  assert.match(r.objects[0]!.note ?? '', /local mode does not run Deployments/);
});

const VN = (ns: string, extra = '') => `apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata:
  name: app
  namespace: ${ns}
spec:
  listeners:
    - portMapping: {port: 8080, protocol: http}
  serviceDiscovery:
    dns: {hostname: app.${ns}.svc.cluster.local}
${extra}`;

const failures: { name: string; setup: string[]; text: string; expected: string[] }[] = [
  {
    name: 'a namespace nobody declared',
    setup: ['03-mesh.yaml'],
    text: VN('orphans'),
    expected: ['bad.yaml:5: metadata.namespace: namespace "orphans" is unknown; apply a Namespace manifest for it with the labels a Mesh\'s namespaceSelector picks'],
  },
  {
    name: 'a namespace no mesh selects',
    setup: ['01-namespaces.yaml', '03-mesh.yaml'],
    text: VN('green'),
    expected: ['bad.yaml:5: metadata.namespace: no Mesh selects namespace "green" (name=green); webapp selects mesh=webapp'],
  },
  {
    name: 'a namespace two meshes select',
    setup: ['01-namespaces.yaml', '03-mesh.yaml', '04-namespace-labels.yaml'],
    text: `apiVersion: appmesh.k8s.aws/v1beta2\nkind: Mesh\nmetadata:\n  name: other\nspec:\n  namespaceSelector: {}\n---\n${VN('green')}`,
    expected: ['bad.yaml:12: metadata.namespace: namespace "green" is selected by more than one Mesh (other, webapp); exactly one must select it'],
  },
  {
    name: 'a backend that does not exist',
    setup: ['01-namespaces.yaml', '03-mesh.yaml', '04-namespace-labels.yaml'],
    text: VN('green', '  backends:\n    - virtualService:\n        virtualServiceRef:\n          name: nope\n'),
    expected: ['bad.yaml:13: spec.backends[0].virtualService.virtualServiceRef: VirtualService green/nope not found; apply it first or in the same batch'],
  },
  {
    name: 'structural violations, each with its line',
    setup: [],
    text: 'apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualRouter\nmetadata:\n  name: r\nspec:\n  listeners:\n    - portMapping: {port: "x", protocol: http}\n  routes:\n    - name: a\n    - name: a\n      tcpRoute: {action: {weightedTargets: [{weight: 1}]}}\n',
    expected: [
      'bad.yaml:7: spec.listeners[0].portMapping.port: expected number, received string',
      'bad.yaml:9: spec.routes[0]: exactly one of httpRoute, http2Route, grpcRoute, tcpRoute is required',
      'bad.yaml:11: spec.routes[1].tcpRoute.action.weightedTargets[0]: exactly one of virtualNodeRef, virtualNodeARN is required',
    ],
  },
  {
    name: 'duplicate route names',
    setup: [],
    text: 'apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualRouter\nmetadata:\n  name: r\nspec:\n  listeners:\n    - portMapping: {port: 80, protocol: tcp}\n  routes:\n    - name: a\n      tcpRoute: {action: {weightedTargets: [{virtualNodeARN: x, weight: 1}]}}\n    - name: a\n      tcpRoute: {action: {weightedTargets: [{virtualNodeARN: x, weight: 1}]}}\n',
    expected: ['bad.yaml:11: spec.routes[1].name: duplicate route name "a" (also routes[0])'],
  },
  {
    name: 'a changed awsName',
    setup: ['01-namespaces.yaml', '03-mesh.yaml', '04-namespace-labels.yaml', '05-virtual-nodes.yaml'],
    text: 'apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualNode\nmetadata:\n  name: green-v1\n  namespace: green\nspec:\n  awsName: green\n',
    expected: ['bad.yaml:7: spec.awsName: is immutable: VirtualNode green-v1 exists as green-v1_green'],
  },
  {
    name: 'an unknown kind',
    setup: [],
    text: 'apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualThing\nmetadata:\n  name: r\n',
    expected: ['bad.yaml:2: kind: unknown kind VirtualThing; expected one of Namespace, Service, Mesh, VirtualNode, VirtualService, VirtualRouter, VirtualGateway, GatewayRoute, Deployment'],
  },
];
for (const c of failures) {
  test(`conversion refuses ${c.name}, naming file and line`, () => {
    const state = new AppliedState();
    for (const f of c.setup) convertExample(f, state);
    const r = convertText(c.text, 'bad.yaml', state);
    assert.equal(r.ok, false);
    if (!r.ok) assert.deepEqual(r.violations.map(formatViolation), c.expected);
  });
}

test('routes dropped from a VirtualRouter manifest are deleted; ARN references use their last element', () => {
  const state = new AppliedState();
  for (const f of ['01-namespaces.yaml', '03-mesh.yaml', '04-namespace-labels.yaml', '05-virtual-nodes.yaml', '08-router.yaml']) convertExample(f, state);
  const text = `apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualRouter
metadata: {name: app-router, namespace: consumer}
spec:
  listeners: [{portMapping: {port: 8085, protocol: http}}]
  routes:
    - name: other
      tcpRoute:
        action:
          weightedTargets:
            - virtualNodeARN: arn:aws:appmesh:eu-central-1:112233:mesh/webapp/virtualNode/blue-v1_blue
              weight: 1
`;
  const r = convertText(text, 'r.yaml', state);
  assert.ok(r.ok);
  if (!r.ok) return;
  const mutations = batchMutations(r.objects);
  assert.deepEqual(mutations.map(summary), [
    'upsert VirtualRouter webapp/app-router_consumer',
    'upsert Route webapp/app-router_consumer/other',
    'delete Route webapp/app-router_consumer/app-route',
  ]);
  assert.deepEqual((mutations[1] as { spec: unknown }).spec, { tcpRoute: { action: { weightedTargets: [{ virtualNode: 'blue-v1_blue', weight: 1 }] } } });
});
