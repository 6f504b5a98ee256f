/**
 * The message tables by full name: the four xDS resources and the extensions whose fields the proxy
 * reads inside a nested Any (HTTP connection manager, TCP proxy, file access log, upstream HTTP
 * protocol options), and the ones it accepts without reading a field (router, original_dst). A nested Any of any other type stays `{ type_url, value }`; the compilers name its
 * type when they refuse it. Add a table here to read a new extension.
 */
import { CLUSTER, CLUSTER_LOAD_ASSIGNMENT, HTTP_PROTOCOL_OPTIONS } from './cluster-tables.js';
import { FILE_ACCESS_LOG, HTTP_CONNECTION_MANAGER, LISTENER, TCP_PROXY } from './listener-tables.js';
import { ROUTE_CONFIGURATION } from './route-tables.js';
import type { MessageTable } from './table.js';
import { EMPTY } from './well-known-tables.js';
import { TableDecoder, type Decoded } from './table-decoder.js';

export const TABLES: ReadonlyMap<string, MessageTable> = new Map(
  [
    LISTENER, ROUTE_CONFIGURATION, CLUSTER, CLUSTER_LOAD_ASSIGNMENT, HTTP_CONNECTION_MANAGER, TCP_PROXY, FILE_ACCESS_LOG, HTTP_PROTOCOL_OPTIONS,
    EMPTY('envoy.extensions.filters.http.router.v3.Router'), EMPTY('envoy.extensions.filters.listener.original_dst.v3.OriginalDst'),
  ].map((t) => [t.name, t]),
);

const decoder = new TableDecoder((name) => TABLES.get(name));

export class UnknownResourceTypeError extends Error {
  override readonly name = 'UnknownResourceTypeError';
}

/** Decodes an encoded resource of `typeUrl` (`type.googleapis.com/<full name>`). Throws RangeError when malformed. */
export function decodeResource(typeUrl: string, bytes: Uint8Array): Decoded {
  const t = TABLES.get(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));
  if (!t) throw new UnknownResourceTypeError(`no decoder for ${typeUrl}`);
  return decoder.decode(t, bytes);
}
