/**
 * Every server, watcher and pool is a Component with an explicit lifecycle.
 *
 * - `start` resolves once the component is ready (listening, connected, loaded).
 * - `close` is graceful: stop accepting new work, finish what is in flight, then stop. Idempotent.
 * - `destroy` is immediate: drop everything now. Idempotent, never throws.
 */
import type { AddressInfo, Server } from 'node:net';

export interface Component {
  readonly name: string;
  start(): Promise<void>;
  close(): Promise<void>;
  destroy(err?: Error): void;
}

/** Starts components in order; closes them in reverse. If one fails to start, the started ones are closed. */
export class ComponentGroup implements Component {
  readonly name: string;
  readonly #components: Component[];
  #started: Component[] = [];

  constructor(name: string, components: Component[]) {
    this.name = name;
    this.#components = components;
  }

  async start(): Promise<void> {
    for (const c of this.#components) {
      try {
        await c.start();
      } catch (err) {
        await this.close();
        throw err;
      }
      this.#started.push(c);
    }
  }

  async close(): Promise<void> {
    const started = this.#started.reverse();
    this.#started = [];
    for (const c of started) await c.close();
  }

  destroy(err?: Error): void {
    const started = this.#started.reverse();
    this.#started = [];
    for (const c of started) c.destroy(err);
  }
}

/** Starts `server` listening on host:port; resolves with the bound address, rejects on a listen error (EADDRINUSE). */
export async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}
