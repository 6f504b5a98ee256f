/**
 * The chapter's steps as a table: what the chapter runs, what Meshwork does for it, and what the chapter
 * shows. Requests are made as the consumer pod makes them: through its sidecar's egress listener
 * (`<consumer address>:15001`, its HTTP_PROXY). Before the mesh, plain Service names are resolved with
 * Meshwork's DNS and called directly. Each step returns what it showed and whether it matched.
 */
import type { DemoWorld, Workload } from './world.js';
import { cloudMapCall, httpGet, queryA, type HttpAnswer } from './probes.js';

export interface DemoState {
  readonly world: DemoWorld;
  readonly colorApp: string;
  readonly consumer: Workload;
  readonly green: Workload[];
  blue: Workload[];
  /** Where the virtual gateway is published (the chapter's load balancer). */
  readonly gatewayPort: number;
}

export interface Outcome {
  readonly shown: string[];
  readonly expected: string;
  readonly got: string;
  /** Whether the step gave the chapter's result; `expected === got` when absent. */
  readonly ok?: boolean;
}

export interface Step {
  readonly title: string;
  /** The chapter's commands for this step. */
  readonly chapter: readonly string[];
  run(s: DemoState): Promise<Outcome>;
}

const CONFIG_MS = 10_000;

/** `curl -s URL` from the consumer pod: through its sidecar. */
function fromConsumer(s: DemoState, url: string): Promise<HttpAnswer> {
  return httpGet(url, `${s.consumer.address}:15001`);
}

/** Repeats `probe` until `done` holds for its answer (a configuration reaching a sidecar), bounded. */
async function until(probe: () => Promise<HttpAnswer>, done: (a: HttpAnswer) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + CONFIG_MS;
  let last: HttpAnswer | string = 'nothing';
  while (Date.now() < deadline) {
    last = await probe().catch((err: unknown) => String(err));
    if (typeof last !== 'string' && done(last)) return;
  }
  throw new Error(`${what} within ${CONFIG_MS} ms; last answer: ${JSON.stringify(last)}`);
}

async function curlAll(s: DemoState, urls: readonly string[], direct = false): Promise<Outcome & { bodies: string[] }> {
  const shown: string[] = [];
  const bodies: string[] = [];
  for (const url of urls) {
    let answer: HttpAnswer;
    if (direct) {
      const u = new URL(url);
      const fqdn = `${u.hostname}.svc.cluster.local`;
      const [record] = await queryA(s.world.dns, fqdn);
      if (!record) throw new Error(`Meshwork DNS has no A record for ${fqdn}`);
      shown.push(`$ curl ${url}        # ${fqdn} → ${record.address} (Meshwork DNS)`);
      answer = await httpGet(`http://${record.address}:${u.port}${u.pathname}`);
    } else {
      shown.push(`$ curl -s ${url}`);
      answer = await fromConsumer(s, url);
    }
    shown.push(answer.body);
    bodies.push(answer.body);
  }
  return { shown, bodies, expected: '', got: bodies.join(' ') };
}

const id = (color: string) => `{"id":"${color}"}`;
const hello = (color: string) => `{"message":"hello from ${color}"}`;
const MYAPP = 'http://myapp.consumer.svc.cluster.local:8085/id';

function countColors(bodies: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const b of bodies) counts.set(b, (counts.get(b) ?? 0) + 1);
  return counts;
}

export const STEPS: readonly Step[] = [
  {
    title: 'Plain Kubernetes Service names, before the mesh',
    chapter: ['kubectl -n consumer exec -it consumer -- sh', 'curl http://green-v1.green:8081/id (and /query, and blue-v1.blue:8080)'],
    async run(s) {
      const urls = ['http://green-v1.green:8081/id', 'http://green-v1.green:8081/query', 'http://blue-v1.blue:8080/id', 'http://blue-v1.blue:8080/query'];
      const r = await curlAll(s, urls, true);
      return { shown: r.shown, expected: [id('green'), hello('green'), id('blue'), hello('blue')].join(' '), got: r.got };
    },
  },
  {
    title: 'Virtual service names through the consumer\'s sidecar',
    chapter: ['curl -s http://blue.blue.svc.cluster.local:8080/id', 'curl -s http://green.green.svc.cluster.local:8081/id'],
    async run(s) {
      const r = await curlAll(s, ['http://blue.blue.svc.cluster.local:8080/id', 'http://green.green.svc.cluster.local:8081/id']);
      return { shown: r.shown, expected: `${id('blue')} ${id('green')}`, got: r.got };
    },
  },
  {
    title: 'myapp behind the virtual router at 100/0',
    chapter: ['kubectl apply -f 08-router.yaml -f 09-consumer-node-myapp.yaml', 'curl -s http://myapp.consumer.svc.cluster.local:8085/id'],
    async run(s) {
      const shown = [`$ meshwork apply -f 08-router.yaml`, await s.world.apply('08-router.yaml'), `$ meshwork apply -f 09-consumer-node-myapp.yaml`, await s.world.apply('09-consumer-node-myapp.yaml')];
      await until(() => fromConsumer(s, MYAPP), (a) => a.status === 200, 'the consumer\'s sidecar did not route myapp');
      const r = await curlAll(s, Array.from({ length: 10 }, () => MYAPP));
      shown.push(...r.shown.slice(0, 4), `(10 requests: ${[...countColors(r.bodies)].map(([b, n]) => `${n} × ${b}`).join(', ')})`);
      return { shown, expected: `10 × ${id('green')}`, got: [...countColors(r.bodies)].map(([b, n]) => `${n} × ${b}`).join(', ') };
    },
  },
  {
    title: 'myapp at 50/50',
    chapter: ['kubectl apply -f 10-router-50-50.yaml', 'curl -s http://myapp.consumer.svc.cluster.local:8085/id (repeated)'],
    async run(s) {
      const shown = ['$ meshwork apply -f 10-router-50-50.yaml', await s.world.apply('10-router-50-50.yaml')];
      await until(() => fromConsumer(s, MYAPP), (a) => a.body === id('blue'), 'the new weights did not reach the consumer\'s sidecar');
      const r = await curlAll(s, Array.from({ length: 400 }, () => MYAPP));
      const counts = countColors(r.bodies);
      const [green, blue] = [counts.get(id('green')) ?? 0, counts.get(id('blue')) ?? 0];
      const pct = (n: number) => `${((100 * n) / 400).toFixed(1)}%`;
      shown.push(...r.shown.slice(0, 8), `split over 400 requests: green ${green} (${pct(green)}), blue ${blue} (${pct(blue)})`);
      const inRange = (n: number) => n >= 160 && n <= 240;
      const ok = inRange(green) && inRange(blue) && green + blue === 400;
      return { shown, expected: 'each version 40%–60% of 400, nothing else', got: `green ${green}, blue ${blue}, other ${400 - green - blue}`, ok };
    },
  },
  {
    title: 'Through the virtual gateway',
    chapter: ['kubectl apply -f 11-gateway.yaml', 'curl -s http://k8s-internet-ingw-1122.elb.eu-central-1.amazonaws.com/id'],
    async run(s) {
      const shown = ['$ meshwork apply -f 11-gateway.yaml', await s.world.apply('11-gateway.yaml')];
      const gw = await s.world.run('internet', 'app=in-gw', [], ['--publish', `127.0.0.1:${s.gatewayPort}`]);
      shown.push(`$ meshwork run -n internet -l app=in-gw --publish 127.0.0.1:${s.gatewayPort}    # ${gw.name} on ${gw.address}:8088`);
      const url = `http://127.0.0.1:${s.gatewayPort}/id`;
      await until(() => httpGet(url), (a) => a.status === 200, 'the gateway did not route /id');
      const bodies: string[] = [];
      for (let i = 0; i < 20; i++) bodies.push((await httpGet(url)).body);
      shown.push(`$ curl -s ${url}`, bodies[0]!, `$ curl -s ${url}`, bodies[1]!, `(20 requests: ${[...countColors(bodies)].map(([b, n]) => `${n} × ${b}`).join(', ')})`);
      const colors = [...countColors(bodies).keys()].sort();
      return { shown, expected: `${id('blue')} and ${id('green')}`, got: colors.length === 2 ? colors.join(' and ') : colors.join(', ') };
    },
  },
  {
    title: 'Cloud Map: blue-v1 discovered through prod.eu/myapp',
    chapter: ['aws servicediscovery create-private-dns-namespace --name prod.eu ...', 'aws servicediscovery create-service --name myapp ...', 'kubectl apply -f 12-blue-v1-cloudmap.yaml', 'dig myapp.prod.eu'],
    async run(s) {
      const created = await cloudMapCall(s.world.api, 'CreatePrivateDnsNamespace', { Name: 'prod.eu', Description: 'european production private DNS namespace', Vpc: 'vpc-0614a71963e68bc86' });
      const op = (await cloudMapCall(s.world.api, 'GetOperation', { OperationId: created['OperationId'] }))['Operation'] as { Targets: { NAMESPACE: string } };
      const service = await cloudMapCall(s.world.api, 'CreateService', {
        Name: 'myapp', NamespaceId: op.Targets.NAMESPACE, Description: 'Discovery service for the myapp service',
        DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 300 }] }, HealthCheckCustomConfig: { FailureThreshold: 1 },
      });
      const shown = [
        `$ aws servicediscovery create-private-dns-namespace --name prod.eu ...   # ${op.Targets.NAMESPACE}`,
        `$ aws servicediscovery create-service --name myapp ...                  # ${(service['Service'] as { Id: string }).Id}`,
        '$ meshwork apply -f 12-blue-v1-cloudmap.yaml', await s.world.apply('12-blue-v1-cloudmap.yaml'),
      ];
      // Pods register with Cloud Map when they start: restart blue's replicas.
      for (const w of s.blue) await s.world.stop(w);
      s.blue = await Promise.all([0, 1].map(() => s.world.run('blue', 'app.kubernetes.io/name=blue-v1', [process.execPath, s.colorApp, 'blue'])));
      shown.push(`(blue-v1 restarted: ${s.blue.map((w) => `${w.name} ${w.address}`).join(', ')})`);
      const records = (await queryA(s.world.dns, 'myapp.prod.eu')).map((r) => `${r.name}. ${r.ttl} IN A ${r.address}`).sort();
      shown.push(`$ dig @${s.world.dns.replace(/:(\d+)$/, ' -p $1')} myapp.prod.eu`, ...records);
      const expected = s.blue.map((w) => `myapp.prod.eu. 300 IN A ${w.address}`).sort();
      const blue = await fromConsumer(s, 'http://blue.blue.svc.cluster.local:8080/id');
      shown.push('$ curl -s http://blue.blue.svc.cluster.local:8080/id', blue.body);
      return { shown, expected: [...expected, id('blue')].join(' | '), got: [...records, blue.body].join(' | ') };
    },
  },
];
