/**
 * Forwarding for names outside every served zone (`--dns-upstream`): the client's query goes to the
 * upstream resolver over UDP as it is, and its answer comes back as it is.
 */
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { TimeoutError, UnavailableError, ValidationError } from '../../core/errors.js';

export interface Upstream {
  /** Sends a raw DNS query and resolves with the raw answer; rejects on timeout or socket error. */
  forward(query: Buffer): Promise<Buffer>;
}

export interface UpstreamAddress {
  readonly host: string;
  readonly port: number;
}

/** Parses `host[:port]` or `[v6]:port`; the port defaults to 53. */
export function parseUpstream(value: string): UpstreamAddress {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (bracketed) return { host: bracketed[1]!, port: Number(bracketed[2] ?? 53) };
  if (isIPv6(value)) return { host: value, port: 53 };
  const [host, port] = value.split(':');
  const n = Number(port ?? 53);
  if (!host || !Number.isInteger(n) || n < 1 || n > 65535) {
    throw new ValidationError([{ field: 'dns-upstream', message: `${JSON.stringify(value)} is not HOST[:PORT]` }]);
  }
  return { host, port: n };
}

export class UdpUpstream implements Upstream {
  readonly #address: UpstreamAddress;
  readonly #timeoutMs: number;

  constructor(address: UpstreamAddress, timeoutMs = 2000) {
    this.#address = address;
    this.#timeoutMs = timeoutMs;
  }

  forward(query: Buffer): Promise<Buffer> {
    const socket = createSocket(isIPv6(this.#address.host) ? 'udp6' : 'udp4');
    const id = query.length >= 2 ? query.readUInt16BE(0) : -1;
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => finish(new TimeoutError(`upstream ${this.#address.host}:${this.#address.port} did not answer in ${this.#timeoutMs} ms`)), this.#timeoutMs);
      const finish = (result: Buffer | Error) => {
        clearTimeout(timer);
        socket.close();
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      socket.on('message', (msg) => {
        if (msg.length >= 2 && msg.readUInt16BE(0) === id) finish(msg);
      });
      socket.on('error', (err) => finish(new UnavailableError(`upstream ${this.#address.host}:${this.#address.port}: ${err.message}`, { cause: err })));
      socket.send(query, this.#address.port, this.#address.host);
    });
  }
}
