/** A Writable that keeps what is written and lets a test wait for a line matching a pattern. */
import { Writable } from 'node:stream';
import { EventEmitter, once } from 'node:events';

export class CapturedOutput extends Writable {
  text = '';
  readonly #events = new EventEmitter();

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString('utf8');
    this.#events.emit('data');
    cb();
  }

  /** Resolves with the first match of `pattern` in the output so far or to come; rejects after `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    const signal = AbortSignal.timeout(timeoutMs);
    for (;;) {
      const m = this.text.match(pattern);
      if (m) return m;
      try {
        await once(this.#events, 'data', { signal });
      } catch {
        throw new Error(`output never matched ${pattern} within ${timeoutMs} ms; output was:\n${this.text}`);
      }
    }
  }
}
