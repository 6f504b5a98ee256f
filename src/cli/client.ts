/**
 * The CLI's side of the `/meshwork/v1/` endpoints. Errors come back as the core error types, so the
 * CLI reports them the same way whether they were found locally or by the server.
 */
import {
  AlreadyExistsError, BadRequestError, ConflictError, ForbiddenError, InternalError, LimitError, NotFoundError,
  TimeoutError, UnavailableError, ValidationError, errorMessage, type ErrorCode, type MeshError,
} from '../core/errors.js';
import type { SourceDocument } from '../api/k8s/types.js';
import {
  API_PREFIX, type ApplyResponse, type DescribeResponse, type ErrorBody, type ListResponse,
} from '../control-plane/meshwork-api/wire.js';
import type { K8sObject } from '../api/k8s/types.js';
import type { ConfigDumpResponse, ProxiesResponse } from '../control-plane/xds/proxies-api.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:7700';

/** `--server`, else `MESHWORK_SERVER`, else the default. */
export function serverUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return (flag ?? env['MESHWORK_SERVER'] ?? DEFAULT_SERVER).replace(/\/+$/, '');
}

const FROM_CODE: Readonly<Record<Exclude<ErrorCode, 'ERR_VALIDATION'>, (message: string) => MeshError>> = {
  ERR_BAD_REQUEST: (m) => new BadRequestError(m),
  ERR_NOT_FOUND: (m) => new NotFoundError(m),
  ERR_ALREADY_EXISTS: (m) => new AlreadyExistsError(m),
  ERR_CONFLICT: (m) => new ConflictError(m),
  ERR_IN_USE: (m) => new ConflictError(m),
  ERR_LIMIT: (m) => new LimitError(m),
  ERR_FORBIDDEN: (m) => new ForbiddenError(m),
  ERR_UNAVAILABLE: (m) => new UnavailableError(m),
  ERR_TIMEOUT: (m) => new TimeoutError(m),
  ERR_INTERNAL: (m) => new InternalError(m),
};

function connectionProblem(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
      return 'host not found';
    case 'ETIMEDOUT':
      return 'connection timed out';
    default:
      return cause?.code ?? cause?.message ?? errorMessage(err);
  }
}

export class MeshworkClient {
  readonly #base: string;

  constructor(server: string) {
    this.#base = server;
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.#base}${API_PREFIX}${path}`, {
        method,
        ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      });
    } catch (err) {
      throw new UnavailableError(
        `cannot reach the Meshwork control plane at ${this.#base}: ${connectionProblem(err)}; start it with meshwork up`,
        { cause: err },
      );
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new InternalError(`unexpected response from ${this.#base} (HTTP ${res.status}): ${text.slice(0, 200)}`);
    }
    if (res.ok) return parsed as T;
    const error = (parsed as Partial<ErrorBody>).error;
    if (!error) throw new InternalError(`HTTP ${res.status} from ${this.#base}`);
    if (error.code === 'ERR_VALIDATION') throw new ValidationError(error.violations ?? [{ field: '', message: error.message }]);
    throw (FROM_CODE[error.code] ?? FROM_CODE.ERR_INTERNAL)(error.message);
  }

  apply(documents: readonly SourceDocument[]): Promise<ApplyResponse> {
    return this.#call('POST', '/apply', { documents });
  }

  deleteDocuments(documents: readonly SourceDocument[]): Promise<ApplyResponse> {
    return this.#call('POST', '/delete', { documents });
  }

  list(kind: string, namespace: string | undefined): Promise<ListResponse> {
    return this.#call('GET', `/objects/${encodeURIComponent(kind)}${scope(namespace)}`);
  }

  get(kind: string, name: string, namespace: string | undefined): Promise<K8sObject> {
    return this.#call('GET', `/objects/${encodeURIComponent(kind)}/${encodeURIComponent(name)}${scope(namespace)}`);
  }

  describe(kind: string, name: string, namespace: string | undefined): Promise<DescribeResponse> {
    return this.#call('GET', `/objects/${encodeURIComponent(kind)}/${encodeURIComponent(name)}/describe${scope(namespace)}`);
  }

  deleteByName(kind: string, name: string, namespace: string | undefined): Promise<ApplyResponse> {
    return this.#call('DELETE', `/objects/${encodeURIComponent(kind)}/${encodeURIComponent(name)}${scope(namespace)}`);
  }

  /** Proxies connected to the xDS server. */
  proxies(): Promise<ProxiesResponse> {
    return this.#call('GET', '/proxies');
  }

  /** What the xDS server last sent to a proxy: by node id (`mesh/m/virtualNode/n`), its ARN, or connection id. */
  configDump(proxy: string): Promise<ConfigDumpResponse> {
    return this.#call('GET', `/proxies/${proxy.split('/').map(encodeURIComponent).join('/')}/config_dump`);
  }
}

/** `undefined` = all namespaces. */
function scope(namespace: string | undefined): string {
  return namespace === undefined ? '?allNamespaces=true' : `?namespace=${encodeURIComponent(namespace)}`;
}
