/**
 * An upstream HTTP/1.1 response body as a Readable. Reading from the connection pauses while the
 * stream is full (backpressure). Chunks that arrive before anyone reads (a small response usually comes
 * in the same packet as its head) are held, so that a response already complete can be taken whole
 * with `takeWhole()` and written downstream in one go, without stream machinery.
 */
import type http from 'node:http';
import { Readable } from 'node:stream';

/** Held chunks beyond this size are handed to the stream instead (no unbounded holding). */
export const HOLD_LIMIT = 64 * 1024;

export class ResponseBody extends Readable {
  resumeUpstream: (() => void) | undefined;
  abortUpstream: ((err?: Error) => void) | undefined;
  trailers: http.IncomingHttpHeaders | undefined;
  #complete = false;
  #held: Buffer[] | undefined = [];
  #heldBytes = 0;

  constructor() {
    super();
    // The connection may fail the body before its reader has attached listeners (a malformed chunk in
    // the packet that carried the head); the reader then finds it `errored` instead of crashing the process.
    this.on('error', () => undefined);
  }

  get complete(): boolean {
    return this.#complete;
  }

  /** A chunk from the connection; false asks the connection to pause until `_read`. */
  add(chunk: Buffer): boolean {
    if (this.destroyed) return true;
    if (this.#held !== undefined) {
      this.#held.push(chunk);
      this.#heldBytes += chunk.length;
      if (this.#heldBytes <= HOLD_LIMIT) return true;
      return this.#release();
    }
    return this.push(chunk);
  }

  /** The response ended (trailers as raw pairs already converted). */
  finish(trailers: http.IncomingHttpHeaders | undefined): void {
    this.#complete = true;
    this.trailers = trailers;
    if (this.#held === undefined) this.push(null);
  }

  /** The whole body, when it has fully arrived and nothing has read from the stream; else undefined. */
  takeWhole(): Buffer | undefined {
    const held = this.#held;
    if (!this.#complete || held === undefined) return undefined;
    this.#held = undefined;
    return held.length === 1 ? held[0]! : Buffer.concat(held, this.#heldBytes);
  }

  override _read(): void {
    if (this.#held !== undefined) this.#release();
    this.resumeUpstream?.();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#complete) this.abortUpstream?.();
    this.#held = undefined;
    callback(err);
  }

  #release(): boolean {
    const held = this.#held ?? [];
    this.#held = undefined;
    let more = true;
    for (const c of held) more = this.push(c);
    if (this.#complete) this.push(null);
    return more;
  }
}
