/**
 * One try of a request against one upstream host: what goes in, what comes out. Resolves with the
 * response head (body still streaming) or with why it failed; never rejects. `cancel()` aborts it
 * (route timeout, client gone).
 */
import type http from 'node:http';
import type { Readable } from 'node:stream';

export interface UpstreamRequest {
  readonly method: string;
  readonly path: string;
  readonly authority: string;
  /** Lower-case names, hop-by-hop headers and `host` already removed. */
  readonly headers: http.OutgoingHttpHeaders;
  /** Buffered body (replayable), a stream to pipe once, or undefined for none. */
  readonly body: Buffer | Readable | undefined;
  readonly perTryTimeoutMs: number | undefined;
}

export type AttemptResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: http.IncomingHttpHeaders;
      /**
       * The body: a Buffer when it was complete as soon as the head was read (a small HTTP/1.1 response
       * usually arrives in one packet with its head), else a stream.
       */
      readonly body: Buffer | Readable;
      /** Resolves with trailers (HTTP/2) when the body ends, or undefined. */
      readonly trailers: () => http.IncomingHttpHeaders | undefined;
      /** HTTP/2 "trailers-only" response: the headers carried END_STREAM (gRPC errors). */
      readonly headersOnly: boolean;
      /** The whole body when it has already arrived and nothing has read it (HTTP/1.1); else undefined. */
      readonly takeWhole?: () => Buffer | undefined;
    }
  | {
      readonly kind: 'failure';
      readonly outcome: 'connect-failure' | 'reset' | 'refused-stream' | 'per-try-timeout';
      readonly message: string;
      /** A pooled keep-alive connection turned out closed before any response byte: safe to resend. */
      readonly staleConnection?: boolean;
    };

export interface Attempt {
  readonly result: Promise<AttemptResult>;
  cancel(): void;
}

type Response = Extract<AttemptResult, { kind: 'response' }>;

/** The response will not be forwarded: stop reading its body (the connection carrying it is not reused). */
export function discardBody(r: Response): void {
  if (!Buffer.isBuffer(r.body)) r.body.destroy();
}

/** The response will not be forwarded but its connection may be reused: read its body to the end. */
export function drainBody(r: Response): void {
  if (Buffer.isBuffer(r.body)) return;
  r.body.on('error', () => undefined);
  r.body.resume();
}

/** A promise settled once, with an optional timer cleared when it settles. */
export function settler() {
  let settle!: (r: AttemptResult) => void;
  const result = new Promise<AttemptResult>((resolve) => (settle = resolve));
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  return {
    result,
    isDone: () => done,
    setTimer: (t: NodeJS.Timeout) => (timer = t),
    finish: (r: AttemptResult) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      settle(r);
    },
  };
}

