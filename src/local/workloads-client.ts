/**
 * The control plane's `/meshwork/v1/workloads` endpoints as `meshwork run` uses them: placement, and
 * registrations held open for as long as the workload runs.
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { InternalError, UnavailableError, errorMessage } from '../core/errors.js';
import { errorFromBody, type ErrorBody } from '../control-plane/meshwork-api/wire.js';
import type { PlacementTarget } from '../api/local-workload.js';
import type { Workload, WorkloadRegistration } from '../api/local-workload.js';

/** An open registration: the workload stays registered until `close()` or until the control plane goes away. */
export interface Registration {
  readonly workload: Workload;
  /** Resolves when the control plane ended the registration (it stopped or restarted). */
  readonly lost: Promise<void>;
  /** Ends the registration (the control plane deregisters the workload at once). Idempotent. */
  close(): void;
}

export class WorkloadsClient {
  readonly #base: URL;

  constructor(server: string) {
    this.#base = new URL(server);
  }

  get server(): string {
    return this.#base.origin;
  }

  async place(namespace: string, labels: Readonly<Record<string, string>>): Promise<PlacementTarget> {
    const res = await this.#send('POST', '/meshwork/v1/workloads/placement', { namespace, labels });
    return (await this.#json(res)) as PlacementTarget;
  }

  async list(namespace?: string): Promise<Workload[]> {
    const path = `/meshwork/v1/workloads${namespace === undefined ? '' : `?namespace=${encodeURIComponent(namespace)}`}`;
    return ((await this.#json(await this.#send('GET', path))) as { items: Workload[] }).items;
  }

  async deregister(namespace: string, name: string): Promise<void> {
    await this.#json(await this.#send('DELETE', `/meshwork/v1/workloads/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`));
  }

  async register(reg: WorkloadRegistration): Promise<Registration> {
    let req: ClientRequest | undefined;
    const res = await this.#send('POST', '/meshwork/v1/workloads', reg, (r) => (req = r));
    if (res.statusCode !== 200) {
      await this.#json(res);
      throw new InternalError('unreachable');
    }
    const first = await firstLine(res);
    const workload = (JSON.parse(first) as { workload: Workload }).workload;
    // Ending the registration (either side) surfaces as a reset; that is the expected end, not an error.
    req?.on('error', () => undefined);
    res.on('error', () => undefined);
    const lost = new Promise<void>((resolve) => res.once('close', resolve));
    return { workload, lost, close: () => req?.destroy() };
  }

  #send(method: string, path: string, body?: unknown, onRequest?: (r: ClientRequest) => void): Promise<IncomingMessage> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.#base), {
        method,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      });
      onRequest?.(req);
      req.once('response', resolve);
      req.once('error', (err: NodeJS.ErrnoException) => {
        const why = err.code === 'ECONNREFUSED' ? 'connection refused' : errorMessage(err);
        reject(new UnavailableError(`cannot reach the Meshwork control plane at ${this.#base.origin}: ${why}; start it with meshwork up`, { cause: err }));
      });
      req.end(payload);
    });
  }

  async #json(res: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return body;
    const error = (body as Partial<ErrorBody> | undefined)?.error;
    throw error ? errorFromBody(error) : new InternalError(`control plane answered HTTP ${status}: ${text.slice(0, 200)}`);
  }
}

/** Reads up to the first newline of a streaming response, leaving the stream open. */
function firstLine(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      res.off('data', onData);
      res.off('end', onEnd);
      res.resume(); // nothing else is sent; keep reading so the end of the registration is seen
      resolve(text.slice(0, nl));
    };
    const onEnd = (): void => reject(new UnavailableError('the control plane ended the registration before confirming it'));
    res.on('data', onData);
    res.once('end', onEnd);
    res.once('error', onEnd);
  });
}
