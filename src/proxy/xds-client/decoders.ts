/**
 * One decoder per resource type URL: Any → compiled model object. The resource's bytes are read by the
 * table-driven decoder (schema/), then compiled. A decoder throws (ConfigError with a field path, or a
 * protobuf decode error); the ADS client turns that into a NACK with the message and keeps the previous
 * config. Register new types here rather than growing a switch.
 */
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, CLUSTER_TYPE_URL, LISTENER_TYPE_URL, ROUTE_CONFIGURATION_TYPE_URL, type ResourceTypeUrl } from '../../xds-api/type-urls.js';
import { compileAssignment, compileCluster } from '../config/compile-cluster.js';
import { compileListener } from '../config/compile-listener.js';
import { compileRouteTable } from '../config/compile-routes.js';
import type { ClusterConfig, EndpointAssignment, ListenerConfig, RouteTable } from '../config/model.js';
import { ConfigError, str, type P } from '../config/proto-read.js';
import type { WireAny } from '../../xds-api/wire/discovery-codec.js';
import { decodeResource } from './schema/registry.js';

export interface Decoded<T> {
  readonly name: string;
  readonly value: T;
  /** The resource as received (a copy of the Any's value), kept for /config_dump. */
  readonly bytes: Uint8Array;
}

type Compiled<T> = Omit<Decoded<T>, 'bytes'>;

export interface ResourceDecoder<T> {
  readonly typeUrl: ResourceTypeUrl;
  /** Short name for stats and logs: lds, rds, cds, eds. */
  readonly short: 'lds' | 'rds' | 'cds' | 'eds';
  /** LDS and CDS are state of the world (wildcard); RDS and EDS are requested by name. */
  readonly wildcard: boolean;
  decode(raw: P, version: string): Compiled<T>;
}

export interface DecoderMap {
  [LISTENER_TYPE_URL]: ResourceDecoder<ListenerConfig>;
  [ROUTE_CONFIGURATION_TYPE_URL]: ResourceDecoder<RouteTable>;
  [CLUSTER_TYPE_URL]: ResourceDecoder<ClusterConfig>;
  [CLUSTER_LOAD_ASSIGNMENT_TYPE_URL]: ResourceDecoder<EndpointAssignment>;
}

export const DECODERS: DecoderMap = {
  [LISTENER_TYPE_URL]: { typeUrl: LISTENER_TYPE_URL, short: 'lds', wildcard: true, decode: (raw, v) => ({ name: str(raw['name']), value: compileListener(raw, v) }) },
  [ROUTE_CONFIGURATION_TYPE_URL]: {
    typeUrl: ROUTE_CONFIGURATION_TYPE_URL,
    short: 'rds',
    wildcard: false,
    decode: (raw, v) => ({ name: str(raw['name']), value: compileRouteTable(raw, v, `RouteConfiguration ${str(raw['name'])}`) }),
  },
  [CLUSTER_TYPE_URL]: { typeUrl: CLUSTER_TYPE_URL, short: 'cds', wildcard: true, decode: (raw) => ({ name: str(raw['name']), value: compileCluster(raw) }) },
  [CLUSTER_LOAD_ASSIGNMENT_TYPE_URL]: {
    typeUrl: CLUSTER_LOAD_ASSIGNMENT_TYPE_URL,
    short: 'eds',
    wildcard: false,
    decode: (raw) => ({ name: str(raw['cluster_name']), value: compileAssignment(raw) }),
  },
};

/** Decodes every resource of a response, or returns the first problem as a NACK message. */
export function decodeAll<T>(decoder: ResourceDecoder<T>, resources: readonly WireAny[], version: string): { ok: true; items: Decoded<T>[] } | { ok: false; error: string } {
  const items: Decoded<T>[] = [];
  const seen = new Set<string>();
  for (const [i, any] of resources.entries()) {
    try {
      if (any.type_url !== decoder.typeUrl) throw new ConfigError(`resources[${i}]`, `type ${any.type_url} in a ${decoder.typeUrl} response`);
      let raw: P;
      try {
        raw = decodeResource(any.type_url, any.value);
      } catch (err) {
        throw new ConfigError(`resources[${i}]`, `cannot decode ${any.type_url}: ${(err as Error).message}`);
      }
      const item = { ...decoder.decode(raw, version), bytes: Uint8Array.prototype.slice.call(any.value) };
      if (item.name === '') throw new ConfigError(`resources[${i}]`, 'a resource has no name');
      if (seen.has(item.name)) throw new ConfigError(`resources[${i}]`, `duplicate resource name '${item.name}'`);
      seen.add(item.name);
      items.push(item);
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }
  return { ok: true, items };
}
