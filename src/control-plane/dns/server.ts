/**
 * The DNS server component: UDP and TCP on one address (default 127.0.0.1:7753), both answered by one
 * DnsResponder. TCP messages are length-prefixed (RFC 1035 §4.2.2); several may share a connection.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6, type Server, type Socket } from 'node:net';
import { errorMessage, UnavailableError } from '../../core/errors.js';
import type { Component } from '../../core/lifecycle.js';
import type { Logger } from '../../core/log.js';
import type { DnsResponder } from './responder.js';

export const DEFAULT_DNS_ADDRESS = '127.0.0.1:7753';
/** Idle TCP connections are closed after this long. */
const TCP_IDLE_MS = 10_000;

export interface DnsServerOptions {
  readonly host: string;
  /** 0 picks a free port (the same one for UDP and TCP). */
  readonly port: number;
  readonly responder: DnsResponder;
  readonly log: Logger;
}

export class DnsServer implements Component {
  readonly name = 'dns';
  readonly #opts: DnsServerOptions;
  readonly #connections = new Set<Socket>();
  #udp: UdpSocket | undefined;
  #tcp: Server | undefined;

  constructor(opts: DnsServerOptions) {
    this.#opts = opts;
  }

  async start(): Promise<void> {
    try {
      await this.#bind();
    } catch (err) {
      const where = `${this.#opts.host}:${this.#opts.port}`;
      throw new UnavailableError(`dns: cannot listen on ${where} (udp+tcp): ${errorMessage(err)}`, { cause: err });
    }
  }

  async #bind(): Promise<void> {
    // With port 0 the kernel picks the TCP port; UDP then binds the same number. Another process can
    // hold that UDP port, so a few fresh picks are tried before giving up.
    const attempts = this.#opts.port === 0 ? 5 : 1;
    for (let attempt = 1; ; attempt++) {
      const tcp = await this.#listenTcp(this.#opts.port);
      try {
        this.#udp = await this.#bindUdp(tcp.port);
        this.#tcp = tcp.server;
        return;
      } catch (err) {
        tcp.server.close();
        if (attempt >= attempts) throw err;
      }
    }
  }

  /** For `meshwork up`'s start line: `udp+tcp 127.0.0.1:7753`. */
  describeAddress(): string {
    const a = this.address();
    return `udp+tcp ${a.host}:${a.port}`;
  }

  address(): { host: string; port: number } {
    const a = this.#udp?.address();
    if (!a) throw new Error('dns server is not started');
    return { host: a.address, port: a.port };
  }

  async close(): Promise<void> {
    const udp = this.#udp;
    const tcp = this.#tcp;
    this.#udp = undefined;
    this.#tcp = undefined;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (tcp) {
      const closed = new Promise<void>((resolve) => tcp.close(() => resolve()));
      for (const c of this.#connections) c.end();
      await closed;
    }
  }

  destroy(): void {
    for (const c of this.#connections) c.destroy();
    this.#connections.clear();
    this.#udp?.close();
    this.#tcp?.close();
    this.#udp = undefined;
    this.#tcp = undefined;
  }

  #listenTcp(port: number): Promise<{ server: Server; port: number }> {
    const server = createServer((socket) => this.#serveTcp(socket));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.#opts.host, () => {
        server.off('error', reject);
        const address = server.address();
        resolve({ server, port: typeof address === 'object' && address ? address.port : port });
      });
    });
  }

  #bindUdp(port: number): Promise<UdpSocket> {
    const socket = createSocket({ type: isIPv6(this.#opts.host) ? 'udp6' : 'udp4' });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, this.#opts.host, () => {
        socket.off('error', reject);
        socket.on('error', (err) => this.#opts.log.warn(`dns udp: ${err.message}`));
        socket.on('message', (msg, peer) => {
          void this.#respond(msg, 'udp').then((out) => {
            if (out && this.#udp === socket) socket.send(out, peer.port, peer.address);
          });
        });
        resolve(socket);
      });
    });
  }

  /** The responder never throws by contract; this keeps a broken promise from reaching the process. */
  #respond(message: Buffer, transport: 'udp' | 'tcp'): Promise<Buffer | undefined> {
    return this.#opts.responder.respond(message, transport).catch((err: unknown) => {
      this.#opts.log.error(`dns: unexpected failure answering a ${transport} message: ${errorMessage(err)}`);
      return undefined;
    });
  }

  #serveTcp(socket: Socket): void {
    this.#connections.add(socket);
    socket.setTimeout(TCP_IDLE_MS, () => socket.end());
    socket.on('close', () => this.#connections.delete(socket));
    socket.on('error', (err) => this.#opts.log.debug(`dns tcp ${socket.remoteAddress}: ${errorMessage(err)}`));
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        void this.#respond(Buffer.from(message), 'tcp').then((out) => {
          if (!out || socket.destroyed) return;
          const frame = Buffer.alloc(2 + out.length);
          frame.writeUInt16BE(out.length, 0);
          out.copy(frame, 2);
          socket.write(frame);
        });
      }
    });
  }
}
