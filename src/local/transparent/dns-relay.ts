/**
 * A DNS relay on the host end of a workload's veth: queries from the app's network namespace (UDP and
 * TCP port 53, where its resolv.conf points) are passed to Meshwork's DNS server and the answers back.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { Component } from '../../core/lifecycle.js';
import { TcpForwarder } from '../tcp-forwarder.js';

export interface DnsRelayOptions {
  readonly listen: { readonly host: string; readonly port: number };
  readonly upstream: { readonly host: string; readonly port: number };
}

/** How long a relayed UDP query waits for its answer before its socket is dropped. */
const UDP_QUERY_TIMEOUT_MS = 5000;

export class DnsRelay implements Component {
  readonly name = 'dns-relay';
  readonly #opts: DnsRelayOptions;
  readonly #udp: UdpSocket = createSocket('udp4');
  readonly #tcp: TcpForwarder;

  constructor(opts: DnsRelayOptions) {
    this.#opts = opts;
    this.#udp.on('message', (msg, from) => this.#relayUdp(msg, from.address, from.port));
    this.#udp.on('error', () => undefined);
    this.#tcp = new TcpForwarder('dns-relay-tcp', opts.listen, opts.upstream);
  }

  async start(): Promise<void> {
    const { host, port } = this.#opts.listen;
    await new Promise<void>((resolve, reject) => {
      this.#udp.once('error', reject);
      this.#udp.bind(port, host, () => resolve());
    });
    await this.#tcp.start();
  }

  #relayUdp(query: Buffer, address: string, port: number): void {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => socket.close(), UDP_QUERY_TIMEOUT_MS);
    socket.on('error', () => socket.close());
    socket.once('message', (answer) => {
      clearTimeout(timer);
      this.#udp.send(answer, port, address, () => socket.close());
    });
    socket.send(query, this.#opts.upstream.port, this.#opts.upstream.host);
  }

  async close(): Promise<void> {
    this.#tcp.destroy();
    await new Promise<void>((resolve) => this.#udp.close(() => resolve()));
  }

  destroy(): void {
    this.#tcp.destroy();
    try {
      this.#udp.close();
    } catch {
      // already closed
    }
  }
}
