/**
 * A plain TCP forwarder: every connection accepted on `listen` is piped to `target`, both ways, and
 * either side closing or failing closes the other. Used to publish a gateway on another address (the
 * local stand-in for a load balancer) and to relay DNS over TCP into a workload's namespace.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { listen, type Component } from '../core/lifecycle.js';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export class TcpForwarder implements Component {
  readonly name: string;
  readonly #listen: HostPort;
  readonly #target: HostPort;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  constructor(name: string, listen: HostPort, target: HostPort) {
    this.name = name;
    this.#listen = listen;
    this.#target = target;
    this.#server = createServer((downstream) => this.#forward(downstream));
  }

  #forward(downstream: Socket): void {
    const upstream = connect(this.#target.port, this.#target.host);
    for (const s of [downstream, upstream]) {
      this.#sockets.add(s);
      s.once('close', () => this.#sockets.delete(s));
    }
    downstream.pipe(upstream).pipe(downstream);
    upstream.on('error', () => downstream.destroy());
    downstream.on('error', () => upstream.destroy());
  }

  async start(): Promise<void> {
    await listen(this.#server, this.#listen.port, this.#listen.host);
  }

  /** Stops accepting; open connections finish on their own. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  destroy(): void {
    this.#server.close();
    for (const s of this.#sockets) s.destroy();
  }
}

/** `host:port` → HostPort; undefined when malformed. */
export function parseHostPort(text: string): HostPort | undefined {
  const i = text.lastIndexOf(':');
  const port = Number(text.slice(i + 1));
  if (i <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host: text.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port };
}
