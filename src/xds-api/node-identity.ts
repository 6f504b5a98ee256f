/**
 * Who a proxy is, as both sides of ADS see it: `node.id` = `node.cluster` =
 * `mesh/<mesh>/virtualNode/<vn>` or `mesh/<mesh>/virtualGateway/<vg>` (App Mesh's APPMESH_RESOURCE_ARN
 * path), and the Meshwork node metadata keys (see docs/proxy.md).
 */
import { fromStruct, toStruct, type JsonValue, type ProtoStruct } from './well-known.js';

export type ProxyKind = 'virtualNode' | 'virtualGateway';

export interface ProxyIdentity {
  readonly mesh: string;
  readonly kind: ProxyKind;
  readonly name: string;
  /** `mesh/<mesh>/<kind>/<name>`: the node id and node cluster. */
  readonly path: string;
}

const PATH_RE = /^mesh\/([^/]+)\/(virtualNode|virtualGateway)\/([^/]+)$/;

/**
 * Accepts `mesh/<m>/virtualNode/<n>` or a full ARN `arn:aws:appmesh:<region>:<account>:mesh/...`.
 * Returns an error message instead of throwing when the value is neither.
 */
export function parseProxyIdentity(value: string): ProxyIdentity | { error: string } {
  const trimmed = value.trim();
  const path = trimmed.startsWith('arn:') ? trimmed.split(':').slice(5).join(':') : trimmed;
  const m = PATH_RE.exec(path);
  if (!m) {
    return { error: `expected mesh/<mesh>/virtualNode/<name> or mesh/<mesh>/virtualGateway/<name> (or its ARN), got '${value}'` };
  }
  return { mesh: m[1]!, kind: m[2] as ProxyKind, name: m[3]!, path };
}

export type InterceptionMode = 'transparent' | 'local';

export const METADATA_INTERCEPTION = 'MESHWORK_INTERCEPTION';
export const METADATA_APP_PORTS = 'MESHWORK_APP_PORTS';
export const METADATA_APP_HOST = 'MESHWORK_APP_HOST';
export const METADATA_ADDRESS = 'MESHWORK_ADDRESS';

/** The node metadata a Meshwork proxy sends; every field optional for other xDS clients. */
export interface ProxyNodeMetadata {
  readonly interception: InterceptionMode;
  /** Listener port → the app's real port. */
  readonly appPorts: ReadonlyMap<number, number>;
  readonly appHost: string;
  readonly address: string | undefined;
}

export function nodeMetadataToStruct(md: ProxyNodeMetadata): ProtoStruct {
  const ports: { [k: string]: JsonValue } = {};
  for (const [listener, app] of md.appPorts) ports[String(listener)] = app;
  const obj: { [k: string]: JsonValue } = {
    [METADATA_INTERCEPTION]: md.interception,
    [METADATA_APP_PORTS]: ports,
    [METADATA_APP_HOST]: md.appHost,
  };
  if (md.address !== undefined) obj[METADATA_ADDRESS] = md.address;
  return toStruct(obj);
}

/** Reads the metadata with the documented defaults; unknown or malformed values fall back to them. */
export function nodeMetadataFromStruct(s: ProtoStruct | null | undefined): ProxyNodeMetadata {
  const obj = fromStruct(s);
  const interception = obj[METADATA_INTERCEPTION] === 'local' ? 'local' : 'transparent';
  const appPorts = new Map<number, number>();
  const rawPorts = obj[METADATA_APP_PORTS];
  if (rawPorts && typeof rawPorts === 'object' && !Array.isArray(rawPorts)) {
    for (const [k, v] of Object.entries(rawPorts)) {
      const listener = Number(k);
      if (Number.isInteger(listener) && typeof v === 'number' && Number.isInteger(v)) appPorts.set(listener, v);
    }
  }
  const appHost = typeof obj[METADATA_APP_HOST] === 'string' && obj[METADATA_APP_HOST] !== '' ? obj[METADATA_APP_HOST] : '127.0.0.1';
  const address = typeof obj[METADATA_ADDRESS] === 'string' ? obj[METADATA_ADDRESS] : undefined;
  return { interception, appPorts, appHost, address };
}
