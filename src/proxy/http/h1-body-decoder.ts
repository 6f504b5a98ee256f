/**
 * Body framing on a raw HTTP/1.1 connection (requests downstream, responses upstream): a fixed
 * Content-Length, chunked coding (hex sizes with optional extensions, CRLF after each chunk, a trailer
 * section kept in `trailers`), or everything until the connection closes (responses). `decode`
 * consumes bytes from a buffer and reports the body bytes in it, where the body ended (so the next
 * pipelined request starts there), or why the framing is invalid.
 */
import type http from 'node:http';
import { parseFields, type BodyFraming } from './h1-head-parser.js';

export type DecodeResult =
  | { readonly kind: 'more'; readonly consumed: number }
  | { readonly kind: 'done'; readonly consumed: number }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Chunk-size lines and trailer lines longer than this are refused. */
const MAX_LINE = 4096;
/** Sizes above this (2^53 - 1 has 14 hex digits) are refused. */
const MAX_SIZE_DIGITS = 13;
const SIZE_LINE = /^([0-9A-Fa-f]+)[ \t]*(?:;[\t\x20-\x7e\x80-\xff]*)?$/;

type State = 'size' | 'data' | 'data-crlf' | 'trailer';

export class BodyDecoder {
  #remaining: number;
  #state: State;
  readonly #chunked: boolean;
  #trailerText = '';
  /** The chunked body's trailer fields, once it is done (undefined when there were none). */
  trailers: http.IncomingHttpHeaders | undefined;

  constructor(framing: BodyFraming) {
    this.#chunked = framing.kind === 'chunked';
    this.#remaining = framing.kind === 'length' ? framing.length : framing.kind === 'close' ? Infinity : 0;
    this.#state = framing.kind === 'chunked' ? 'size' : 'data';
  }

  get done(): boolean {
    return !this.#chunked && this.#remaining === 0;
  }

  /** Reads from `buf` at `start`; body bytes go to `onData` as sub-buffers (no copies). */
  decode(buf: Buffer, start: number, onData: (chunk: Buffer) => void): DecodeResult {
    let pos = start;
    for (;;) {
      if (this.#state === 'data') {
        const n = Math.min(this.#remaining, buf.length - pos);
        if (n > 0) onData(buf.subarray(pos, pos + n));
        pos += n;
        this.#remaining -= n;
        if (this.#remaining > 0) return { kind: 'more', consumed: pos - start };
        if (!this.#chunked) return { kind: 'done', consumed: pos - start };
        this.#state = 'data-crlf';
        continue;
      }
      const eol = buf.indexOf('\r\n', pos, 'latin1');
      if (eol < 0) {
        if (buf.length - pos > MAX_LINE) return { kind: 'invalid', reason: 'chunk line too long' };
        return { kind: 'more', consumed: pos - start };
      }
      const line = buf.toString('latin1', pos, eol);
      pos = eol + 2;
      if (this.#state === 'data-crlf') {
        if (line !== '') return { kind: 'invalid', reason: 'missing CRLF after chunk data' };
        this.#state = 'size';
      } else if (this.#state === 'size') {
        const m = SIZE_LINE.exec(line);
        if (!m || m[1]!.length > MAX_SIZE_DIGITS) return { kind: 'invalid', reason: `invalid chunk size '${line.slice(0, 40)}'` };
        const size = parseInt(m[1]!, 16);
        if (size === 0) this.#state = 'trailer';
        else {
          this.#remaining = size;
          this.#state = 'data';
        }
      } else {
        if (line === '') {
          if (this.#trailerText !== '') {
            const fields = parseFields(this.#trailerText, 0, false);
            if (typeof fields === 'string') return { kind: 'invalid', reason: `trailer: ${fields}` };
            this.trailers = fields.headers;
          }
          return { kind: 'done', consumed: pos - start };
        }
        if (line.length > MAX_LINE || line.indexOf(':') <= 0 || this.#trailerText.length > MAX_LINE * 4) return { kind: 'invalid', reason: 'malformed trailer line' };
        this.#trailerText += this.#trailerText === '' ? line : `\r\n${line}`;
      }
    }
  }
}
