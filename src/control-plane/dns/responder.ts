/**
 * One DNS message in, at most one out: decode, resolve against the current snapshot (or forward names
 * outside every zone when an upstream is configured), encode within the transport's size limit.
 * Never throws: anything unexpected becomes SERVFAIL.
 */
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { Random } from '../registry/discovery.js';
import { decodeQuery, encodeHeaderOnly, encodeResponse, TCP_MAX_SIZE, withId, type DecodedQuery } from './codec.js';
import { resolve } from './resolver.js';
import type { Upstream } from './upstream.js';
import type { ZoneSource } from './zone-data.js';

export type Transport = 'udp' | 'tcp';

export interface ResponderOptions {
  readonly zones: ZoneSource;
  readonly upstream?: Upstream | undefined;
  readonly log: Logger;
  readonly random?: Random;
}

export class DnsResponder {
  readonly #opts: ResponderOptions;

  constructor(opts: ResponderOptions) {
    this.#opts = opts;
  }

  /** The response to send, or undefined when the message must be dropped. */
  async respond(message: Buffer, transport: Transport): Promise<Buffer | undefined> {
    const decoded = decodeQuery(message);
    switch (decoded.kind) {
      case 'drop':
        return undefined;
      case 'error':
        return encodeHeaderOnly(decoded.id, decoded.rcode, decoded.recursionDesired);
      case 'query':
        return this.#answer(message, decoded.query, transport);
      default: {
        const never: never = decoded;
        throw new Error(`unknown decode result ${JSON.stringify(never)}`);
      }
    }
  }

  async #answer(message: Buffer, query: DecodedQuery, transport: Transport): Promise<Buffer> {
    const maxSize = transport === 'udp' ? query.udpSize : TCP_MAX_SIZE;
    try {
      if (query.class !== 'IN' && query.class !== 'ANY') return encodeResponse(query, { rcode: 'REFUSED' }, maxSize);
      const resolution = resolve(query, this.#opts.zones.snapshot(), this.#opts.random);
      if (resolution.kind === 'answer') return encodeResponse(query, resolution, maxSize);
      if (!this.#opts.upstream) return encodeResponse(query, { rcode: 'REFUSED' }, maxSize);
      return withId(await this.#opts.upstream.forward(message), query.id);
    } catch (err) {
      this.#opts.log.warn(`dns: ${query.name} ${query.type}: ${errorMessage(err)}`);
      try {
        return encodeResponse(query, { rcode: 'SERVFAIL' }, maxSize);
      } catch {
        // The question itself cannot be written back (a name dns-packet cannot encode).
        return encodeHeaderOnly(query.id, 'SERVFAIL', query.recursionDesired);
      }
    }
  }
}
