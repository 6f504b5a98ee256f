/**
 * Proxy identity from the xDS node: `node.id` is the App Mesh resource path
 * (`mesh/webapp/virtualNode/green-v1_green`, `mesh/webapp/virtualGateway/in-gw_internet`), as App Mesh's
 * Envoy gets it from APPMESH_RESOURCE_ARN; a full ARN is reduced to its path. Metadata carries the
 * interception mode and local-mode addresses (MESHWORK_INTERCEPTION, MESHWORK_APP_PORTS,
 * MESHWORK_APP_HOST, MESHWORK_ADDRESS).
 */
import { ValidationError } from '../../../core/errors.js';
import type { InterceptionMode, ProxyIdentity } from './model.js';

const PATH = /^mesh\/([^/@]+)(?:@\d+)?\/(virtualNode|virtualGateway)\/([^/]+)$/;

/** Plain node metadata (a decoded google.protobuf.Struct). */
export type NodeMetadata = Readonly<Record<string, unknown>>;

export function resourcePathOf(nodeId: string): string {
  const arn = /^arn:[^:]+:appmesh:[^:]*:[^:]*:(.+)$/.exec(nodeId);
  return arn ? arn[1]! : nodeId;
}

export function parseIdentity(nodeId: string, metadata: NodeMetadata = {}): ProxyIdentity {
  const m = PATH.exec(resourcePathOf(nodeId));
  if (!m) {
    throw new ValidationError([
      { field: 'node.id', message: `"${nodeId}" is not mesh/<mesh>/virtualNode/<name> or mesh/<mesh>/virtualGateway/<name>` },
    ]);
  }
  const interceptionRaw = metadata['MESHWORK_INTERCEPTION'];
  let interception: InterceptionMode = 'transparent';
  if (interceptionRaw === 'local' || interceptionRaw === 'transparent') interception = interceptionRaw;
  else if (interceptionRaw !== undefined) {
    throw new ValidationError([{ field: 'node.metadata.MESHWORK_INTERCEPTION', message: `must be "transparent" or "local", got ${JSON.stringify(interceptionRaw)}` }]);
  }
  const appPorts: Record<string, number> = {};
  const rawPorts = metadata['MESHWORK_APP_PORTS'];
  if (rawPorts !== null && typeof rawPorts === 'object') {
    for (const [k, v] of Object.entries(rawPorts)) {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 65535) {
        throw new ValidationError([{ field: `node.metadata.MESHWORK_APP_PORTS.${k}`, message: `must be a port 1-65535, got ${JSON.stringify(v)}` }]);
      }
      appPorts[k] = n;
    }
  }
  const text = (key: string, fallback: string) => {
    const v = metadata[key];
    return typeof v === 'string' && v !== '' ? v : fallback;
  };
  return {
    kind: m[2] as 'virtualNode' | 'virtualGateway',
    meshName: m[1]!,
    name: m[3]!,
    interception,
    appPorts,
    appHost: text('MESHWORK_APP_HOST', '127.0.0.1'),
    address: text('MESHWORK_ADDRESS', '127.0.0.1'),
  };
}
