/**
 * Load balancers by Envoy policy name, through a registry. A LoadBalancer picks one host among the
 * healthy ones, skipping `exclude` (hosts already tried by this request) when it can.
 */
import type { LbPolicyName } from '../config/model.js';
import type { Host } from './host.js';

export interface LoadBalancer {
  pick(hosts: readonly Host[], exclude: ReadonlySet<Host> | undefined): Host | undefined;
}

type Factory = () => LoadBalancer;
const registry = new Map<LbPolicyName, Factory>();

export function registerLoadBalancer(name: LbPolicyName, factory: Factory): void {
  registry.set(name, factory);
}

export function createLoadBalancer(name: LbPolicyName): LoadBalancer {
  const f = registry.get(name);
  if (!f) throw new Error(`no load balancer registered for ${name}`);
  return f();
}

function usable(h: Host, exclude: ReadonlySet<Host> | undefined): boolean {
  return h.healthy && (exclude === undefined || !exclude.has(h));
}

class RoundRobin implements LoadBalancer {
  #next = 0;
  pick(hosts: readonly Host[], exclude: ReadonlySet<Host> | undefined): Host | undefined {
    const n = hosts.length;
    for (let i = 0; i < n; i++) {
      const h = hosts[(this.#next + i) % n]!;
      if (usable(h, exclude)) {
        this.#next = (this.#next + i + 1) % n;
        return h;
      }
    }
    return exclude && exclude.size > 0 ? this.pick(hosts, undefined) : undefined;
  }
}

/** Envoy's default least-request: the better of two random choices (by active requests). */
class LeastRequest implements LoadBalancer {
  pick(hosts: readonly Host[], exclude: ReadonlySet<Host> | undefined): Host | undefined {
    const candidates = hosts.filter((h) => usable(h, exclude));
    if (candidates.length === 0) return exclude && exclude.size > 0 ? this.pick(hosts, undefined) : undefined;
    const a = candidates[Math.floor(Math.random() * candidates.length)]!;
    const b = candidates[Math.floor(Math.random() * candidates.length)]!;
    return b.rqActive < a.rqActive ? b : a;
  }
}

class RandomLb implements LoadBalancer {
  pick(hosts: readonly Host[], exclude: ReadonlySet<Host> | undefined): Host | undefined {
    const candidates = hosts.filter((h) => usable(h, exclude));
    if (candidates.length === 0) return exclude && exclude.size > 0 ? this.pick(hosts, undefined) : undefined;
    return candidates[Math.floor(Math.random() * candidates.length)];
  }
}

registerLoadBalancer('ROUND_ROBIN', () => new RoundRobin());
registerLoadBalancer('LEAST_REQUEST', () => new LeastRequest());
registerLoadBalancer('RANDOM', () => new RandomLb());
