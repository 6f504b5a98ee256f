/**
 * Binds, updates and closes listeners to match each snapshot. A listener on 0.0.0.0 or :: binds the
 * proxy's own address (`--address`) with the listener's port; any other address is bound as given.
 * Draining stops accepting everywhere and lets in-flight requests finish.
 */
import type { Logger } from '../../core/log.js';
import type { ConfigSnapshot } from '../config/snapshot.js';
import type { ProxyContext } from '../http/proxy-context.js';
import { Listener } from './listener.js';

export class ListenerManager {
  readonly #listeners = new Map<string, Listener>();
  #draining = false;

  constructor(private readonly bindAddress: string, private readonly ctx: ProxyContext, private readonly log: Logger) {}

  bindAddressOf(address: string): string {
    return address === '0.0.0.0' || address === '::' || address === '' ? this.bindAddress : address;
  }

  all(): Listener[] {
    return [...this.#listeners.values()];
  }

  async apply(snapshot: ConfigSnapshot): Promise<void> {
    if (this.#draining) return;
    const stats = this.ctx.stats;
    for (const [name, l] of this.#listeners) {
      const next = snapshot.listeners.get(name);
      if (next && next.port === l.config.port && this.bindAddressOf(next.address) === l.bindAddress) continue;
      this.#listeners.delete(name);
      l.stopAccepting();
      stats.counter('listener_manager.listener_removed').inc();
    }
    for (const config of snapshot.listeners.values()) {
      const existing = this.#listeners.get(config.name);
      if (existing) {
        if (existing.config !== config) {
          existing.update(config);
          stats.counter('listener_manager.listener_modified').inc();
        }
        continue;
      }
      const l = new Listener(config, this.bindAddressOf(config.address), this.ctx);
      this.#listeners.set(config.name, l);
      try {
        await l.listen();
        stats.counter('listener_manager.listener_added').inc();
        stats.counter('listener_manager.listener_create_success').inc();
        this.log.info(`listener ${config.name} listening on ${l.bindAddress}:${config.port}`);
      } catch (err) {
        this.#listeners.delete(config.name);
        stats.counter('listener_manager.listener_create_failure').inc();
        this.log.error(`listener ${config.name}: cannot bind ${l.bindAddress}:${config.port}: ${(err as Error).message}`);
      }
    }
    stats.gauge('listener_manager.total_listeners_active').set(this.#listeners.size);
  }

  /** Stops accepting on every listener; resolves when all connections closed or the deadline passed. */
  async drain(deadlineMs: number): Promise<void> {
    this.#draining = true;
    for (const l of this.#listeners.values()) l.stopAccepting();
    const open = () => this.all().reduce((n, l) => n + l.connections.size, 0);
    const until = Date.now() + deadlineMs;
    while (open() > 0 && Date.now() < until) {
      await new Promise<void>((resolve) => {
        const sockets = this.all().flatMap((l) => [...l.connections]);
        const t = setTimeout(resolve, Math.max(1, until - Date.now()));
        let left = sockets.length;
        for (const s of sockets) s.once('close', () => --left === 0 && (clearTimeout(t), resolve()));
      });
      for (const l of this.#listeners.values()) l.stopAccepting();
    }
    this.destroy();
  }

  destroy(): void {
    this.#draining = true;
    for (const l of this.#listeners.values()) l.destroy();
    this.#listeners.clear();
  }
}
