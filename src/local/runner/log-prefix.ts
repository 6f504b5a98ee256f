/**
 * Prefixes every line a child writes (`[green-v1-1 app] listening on 8081`), so the app's and the
 * sidecar's logs can share one terminal. A line split across chunks is joined before it is written; a
 * last line without a newline is written when the stream ends.
 */
import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';

export class LinePrefixer extends Transform {
  readonly #prefix: string;
  readonly #decoder = new StringDecoder('utf8');
  #partial = '';

  constructor(prefix: string) {
    super({ decodeStrings: true });
    this.#prefix = prefix;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const text = this.#partial + this.#decoder.write(chunk);
    const lines = text.split('\n');
    this.#partial = lines.pop() ?? '';
    if (lines.length > 0) this.push(lines.map((l) => `${this.#prefix}${l}\n`).join(''));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.#partial += this.#decoder.end();
    if (this.#partial !== '') this.push(`${this.#prefix}${this.#partial}\n`);
    this.#partial = '';
    callback();
  }
}

/** `[green-v1-1 app] ` */
export function logPrefix(instance: string, role: 'app' | 'envoy'): string {
  return `[${instance} ${role}] `;
}
