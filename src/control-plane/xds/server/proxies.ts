/**
 * The connected proxies: identity, address, per-type versions sent, ACKed and NACKed (with the
 * proxy's reason), and the resources last sent. Read by `meshwork get proxies` and `config-dump`.
 */
import {
  CLUSTER_LOAD_ASSIGNMENT_TYPE_URL,
  CLUSTER_TYPE_URL,
  LISTENER_TYPE_URL,
  ROUTE_CONFIGURATION_TYPE_URL,
  type ResourceTypeUrl,
} from '../../../xds-api/index.js';
import type { ProxyIdentity } from '../builder/model.js';
import type { StreamState, TypeStatus } from './stream-state.js';

export const TYPE_NAMES: Readonly<Record<ResourceTypeUrl, 'CDS' | 'EDS' | 'LDS' | 'RDS'>> = {
  [CLUSTER_TYPE_URL]: 'CDS',
  [CLUSTER_LOAD_ASSIGNMENT_TYPE_URL]: 'EDS',
  [LISTENER_TYPE_URL]: 'LDS',
  [ROUTE_CONFIGURATION_TYPE_URL]: 'RDS',
};

export interface ProxyConnection {
  /** Connection id, unique per control-plane process: `c1`, `c2`, ... */
  readonly id: string;
  readonly nodeId: string;
  readonly identity: ProxyIdentity;
  /** The gRPC peer (`ipv4:127.0.0.1:53412`). */
  readonly peer: string;
  readonly connectedAt: number;
  readonly state: StreamState;
  /** Why no configuration is being sent (unknown identity), or undefined. */
  problem: string | undefined;
}

export interface TypeSummary {
  readonly subscribed: 'wildcard' | string[];
  readonly version_sent?: string;
  readonly version_acked?: string;
  readonly nack?: { readonly version: string; readonly error: string; readonly at: string };
  readonly last_push?: string;
}

export interface ProxySummary {
  readonly id: string;
  readonly node: string;
  readonly mesh: string;
  readonly kind: ProxyIdentity['kind'];
  readonly name: string;
  readonly address: string;
  readonly peer: string;
  readonly interception: ProxyIdentity['interception'];
  readonly connected_at: string;
  readonly status: 'SYNCED' | 'PENDING' | 'NACKED' | 'UNKNOWN_IDENTITY';
  readonly problem?: string;
  readonly last_push?: string;
  readonly types: Partial<Record<'CDS' | 'EDS' | 'LDS' | 'RDS', TypeSummary>>;
}

const iso = (ms: number) => new Date(ms).toISOString();

function typeSummary(t: TypeStatus): TypeSummary {
  return {
    subscribed: t.subscription === 'wildcard' ? 'wildcard' : [...t.subscription].sort(),
    ...(t.sentVersion !== undefined ? { version_sent: t.sentVersion } : {}),
    ...(t.ackedVersion !== undefined ? { version_acked: t.ackedVersion } : {}),
    ...(t.nack ? { nack: { version: t.nack.version, error: t.nack.message, at: iso(t.nack.at) } } : {}),
    ...(t.lastSentAt !== undefined ? { last_push: iso(t.lastSentAt) } : {}),
  };
}

export function summarize(c: ProxyConnection): ProxySummary {
  const types = c.state.status();
  const lastPush = Math.max(0, ...types.map((t) => t.lastSentAt ?? 0));
  let status: ProxySummary['status'] = 'SYNCED';
  if (c.problem !== undefined) status = 'UNKNOWN_IDENTITY';
  else if (types.some((t) => t.nack)) status = 'NACKED';
  else if (types.length === 0 || types.some((t) => t.sentVersion === undefined || t.ackedVersion !== t.sentVersion)) status = 'PENDING';
  return {
    id: c.id,
    node: c.nodeId,
    mesh: c.identity.meshName,
    kind: c.identity.kind,
    name: c.identity.name,
    address: c.identity.address,
    peer: c.peer,
    interception: c.identity.interception,
    connected_at: iso(c.connectedAt),
    status,
    ...(c.problem !== undefined ? { problem: c.problem } : {}),
    ...(lastPush > 0 ? { last_push: iso(lastPush) } : {}),
    types: Object.fromEntries(types.map((t) => [TYPE_NAMES[t.typeUrl], typeSummary(t)])),
  };
}

/** The resources last sent to one proxy, per type, as JSON with their versions. */
export function configDump(c: ProxyConnection): unknown {
  return {
    proxy: summarize(c),
    configs: c.state.status().map((t) => ({
      type_url: t.typeUrl,
      version_info: t.sentVersion ?? '',
      resources: t.sent.map((r) => r.json),
    })),
  };
}

export class ProxyRegistry {
  readonly #connections = new Map<string, ProxyConnection>();
  #next = 0;

  nextId(): string {
    return `c${++this.#next}`;
  }

  add(c: ProxyConnection): void {
    this.#connections.set(c.id, c);
  }

  remove(id: string): void {
    this.#connections.delete(id);
  }

  list(): ProxyConnection[] {
    return [...this.#connections.values()].sort((a, b) => a.nodeId.localeCompare(b.nodeId) || a.connectedAt - b.connectedAt);
  }

  /** By connection id, node id, or node id's ARN form. */
  find(idOrNode: string): ProxyConnection[] {
    const byId = this.#connections.get(idOrNode);
    if (byId) return [byId];
    const path = idOrNode.replace(/^arn:[^:]+:appmesh:[^:]*:[^:]*:/, '');
    return this.list().filter((c) => c.nodeId === idOrNode || c.nodeId === path);
  }
}
