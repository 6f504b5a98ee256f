/**
 * Proxy identity from the xDS node: `node.id` is the App Mesh resource path
 * (`mesh/webapp/virtualNode/green-v1_green`, `mesh/webapp/virtualGateway/in-gw_internet`), as App Mesh's
 * Envoy gets it from APPMESH_RESOURCE_ARN; a full ARN is reduced to its path. The node metadata
 * (MESHWORK_INTERCEPTION, MESHWORK_APP_PORTS, MESHWORK_APP_HOST, MESHWORK_ADDRESS) is read with the
 * shared defaults of src/xds-api.
 */
import { ValidationError } from '../../../core/errors.js';
import { nodeMetadataFromStruct, parseProxyIdentity, type ProtoStruct } from '../../../xds-api/index.js';
import type { ProxyIdentity } from './model.js';

/** Throws ValidationError (field `node.id`) when the id names no virtual node or gateway. */
export function identityFromNode(nodeId: string, metadata: ProtoStruct | null | undefined): ProxyIdentity {
  const parsed = parseProxyIdentity(nodeId);
  if ('error' in parsed) throw new ValidationError([{ field: 'node.id', message: parsed.error }]);
  const md = nodeMetadataFromStruct(metadata);
  return {
    kind: parsed.kind,
    meshName: parsed.mesh,
    name: parsed.name,
    interception: md.interception,
    appPorts: Object.fromEntries([...md.appPorts].map(([listener, app]) => [String(listener), app])),
    appHost: md.appHost,
    address: md.address ?? '127.0.0.1',
  };
}
