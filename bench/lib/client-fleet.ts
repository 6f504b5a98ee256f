/**
 * A fleet of SimulatedProxy clients opened at once, with event-driven waits: `connected` resolves when
 * every client holds its first RouteConfiguration (or failed), `expect(share)` returns a Countdown that
 * completes when every ready client has converged to that share. Deadlines are bounded.
 */
import { performance } from 'node:perf_hooks';
import { Countdown } from './countdown.js';
import { SimulatedProxy } from './simulated-proxy.js';

export interface FleetOptions {
  readonly count: number;
  readonly nodeId: (i: number) => string;
  readonly xdsAddress: string;
  readonly marker: string;
  readonly connectDeadlineMs: number;
  readonly log: (line: string) => void;
}

export class ClientFleet {
  readonly proxies: SimulatedProxy[] = [];
  readonly connected: Promise<boolean>;
  /** performance.now() when the first stream was opened. */
  readonly openedAt: number;
  #converged: Countdown | undefined;
  #failed = 0;

  constructor(o: FleetOptions) {
    const connected = new Countdown(o.count, o.connectDeadlineMs);
    this.connected = connected.done;
    this.openedAt = performance.now();
    for (let i = 0; i < o.count; i++) {
      const p = new SimulatedProxy({
        nodeId: o.nodeId(i),
        xdsAddress: o.xdsAddress,
        marker: o.marker,
        onFirstRoute: () => connected.tick(),
        onConverged: () => this.#converged?.tick(),
        onError: (_p, err) => {
          this.#failed++;
          if (this.#failed <= 3) o.log(`client ${i}: ${err.message}`);
          if (_p.firstRouteAt === undefined) connected.tick();
          else this.#converged?.tick();
        },
      });
      this.proxies.push(p);
      p.open();
    }
  }

  /** Clients that hold a RouteConfiguration and have not failed. */
  ready(): SimulatedProxy[] {
    return this.proxies.filter((p) => p.error === undefined && p.firstRouteAt !== undefined);
  }

  /** From the last client's first RouteConfiguration back to the opening of the first stream, ms. */
  connectAllMs(): number {
    const times = this.proxies.map((p) => p.firstRouteAt).filter((t): t is number => t !== undefined);
    return times.length === 0 ? Number.NaN : Math.max(...times) - this.openedAt;
  }

  /** Every ready client now waits for `share`; the Countdown completes when all have it. */
  expect(share: number, deadlineMs: number): Countdown {
    const ready = this.ready();
    this.#converged = new Countdown(ready.length, deadlineMs);
    for (const p of ready) p.expect(share);
    return this.#converged;
  }

  close(): void {
    for (const p of this.proxies) p.close();
  }
}
