/**
 * Runs the health checks of services with HealthCheckConfig (Cloud Map's Route 53 checks) against each
 * instance's address and AWS_INSTANCE_PORT, every `intervalMs`. An instance turns UNHEALTHY after
 * FailureThreshold consecutive failures (default 1) and HEALTHY again after as many consecutive passes;
 * until its first flip it is HEALTHY, as a new Route 53 check is. Only flips are written to the store.
 */
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { Component } from '../../core/lifecycle.js';
import type { Logger } from '../../core/log.js';
import type { ResourceStore } from '../../store/store.js';
import { instanceKey } from './context.js';
import type { HealthProbe, ProbeTarget } from './health-probe.js';
import { ATTR, CLOUDMAP_KINDS, type CustomHealthStatus, type InstanceRecord, type ServiceRecord } from './model.js';

export interface HealthCheckerOptions {
  readonly store: ResourceStore;
  readonly probe: HealthProbe;
  readonly clock: Clock;
  readonly log: Logger;
  /** Time between rounds; default 10 s. */
  readonly intervalMs?: number;
  /** Per check; default 2 s. */
  readonly timeoutMs?: number;
}

interface Streak {
  status: CustomHealthStatus;
  count: number;
}

interface Check {
  readonly key: string;
  readonly target: ProbeTarget;
  readonly threshold: number;
  readonly current: CustomHealthStatus;
}

function checksOf(store: ResourceStore): Check[] {
  const services = new Map(store.list<ServiceRecord>(CLOUDMAP_KINDS.service).map((o) => [o.value.Id, o.value]));
  const out: Check[] = [];
  for (const { value: i } of store.list<InstanceRecord>(CLOUDMAP_KINDS.instance)) {
    const config = services.get(i.ServiceId)?.HealthCheckConfig;
    const address = i.Attributes[ATTR.ipv4] ?? i.Attributes[ATTR.ipv6];
    const port = Number(i.Attributes[ATTR.port]);
    if (!config || address === undefined || !Number.isInteger(port)) continue;
    out.push({
      key: instanceKey(i.ServiceId, i.Id),
      target: { type: config.Type, address, port, path: config.ResourcePath },
      threshold: config.FailureThreshold ?? 1,
      current: i.checkedHealth ?? 'HEALTHY',
    });
  }
  return out;
}

export class InstanceHealthChecker implements Component {
  readonly name = 'health-checks';
  readonly #opts: HealthCheckerOptions;
  readonly #streaks = new Map<string, Streak>();
  #timer: { cancel(): void } | undefined;
  #round: Promise<void> | undefined;
  #stopped = true;

  constructor(opts: HealthCheckerOptions) {
    this.#opts = opts;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    this.#schedule(0);
  }

  async close(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    await this.#round;
  }

  destroy(): void {
    this.#stopped = true;
    this.#timer?.cancel();
  }

  /** One round of checks now; resolves when its flips are stored. */
  async runOnce(): Promise<void> {
    const checks = checksOf(this.#opts.store);
    const results = await Promise.all(checks.map((c) => this.#opts.probe(c.target, this.#opts.timeoutMs ?? 2000)));
    const flips = new Map<string, CustomHealthStatus>();
    checks.forEach((c, n) => {
      const observed: CustomHealthStatus = results[n] ? 'HEALTHY' : 'UNHEALTHY';
      const streak = this.#streaks.get(c.key);
      const next = streak?.status === observed ? { status: observed, count: streak.count + 1 } : { status: observed, count: 1 };
      this.#streaks.set(c.key, next);
      if (observed !== c.current && next.count >= c.threshold) flips.set(c.key, observed);
    });
    const live = new Set(checks.map((c) => c.key));
    for (const key of this.#streaks.keys()) if (!live.has(key)) this.#streaks.delete(key);
    if (flips.size === 0) return;
    await this.#opts.store.transact((tx) => {
      for (const [key, status] of flips) {
        const found = tx.get<InstanceRecord>(CLOUDMAP_KINDS.instance, key);
        if (found) tx.put(CLOUDMAP_KINDS.instance, key, { ...found.value, checkedHealth: status });
      }
    });
    for (const [key, status] of flips) this.#opts.log.info(`health check: instance ${key} is now ${status}`);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = this.#opts.clock.setTimeout(() => {
      this.#round = this.runOnce()
        .catch((err: unknown) => this.#opts.log.warn(`health checks: ${errorMessage(err)}`))
        .finally(() => this.#schedule(this.#opts.intervalMs ?? 10_000));
    }, delayMs);
  }
}
