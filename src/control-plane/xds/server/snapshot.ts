/**
 * A built snapshot prepared for sending: each resource encoded once as a google.protobuf.Any and
 * hashed, so every stream that shares the snapshot reuses the bytes, and a version for any subset of
 * names is a cheap hash of their hashes. Each selection (type and subscribed names) keeps its encoded
 * DiscoveryResponse, so a push to a stream is a nonce and one write. Immutable once prepared; replaced whole.
 */
import { createHash } from 'node:crypto';
import {
  CLUSTER_LOAD_ASSIGNMENT_TYPE_URL,
  CLUSTER_TYPE_URL,
  encodeAny,
  LISTENER_TYPE_URL,
  PreparedResponse,
  ROUTE_CONFIGURATION_TYPE_URL,
  type EncodedAny,
  type ResourceTypeUrl,
} from '../../../xds-api/index.js';
import type { Json, XdsResources } from '../builder/model.js';
import { sameJson } from './same-json.js';

export interface PreparedResource {
  readonly name: string;
  readonly json: Json;
  readonly any: EncodedAny;
  readonly hash: string;
}

export type ResourceTable = ReadonlyMap<string, PreparedResource>;

export interface PreparedSnapshot {
  readonly byType: ReadonlyMap<ResourceTypeUrl, ResourceTable>;
  /** Listeners served only when named (gRPC API listeners). */
  readonly namedOnlyListeners: ResourceTable;
}

function hashOf(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * Encoded resources by content, shared by every build: proxies of one mesh mostly receive identical
 * clusters, routes and load assignments, so each is encoded and hashed once. Cleared whole when it
 * grows past its limit (entries are cheap to recreate).
 */
export class PreparedCache {
  readonly #entries = new Map<string, PreparedResource>();
  readonly #limit: number;

  constructor(limit = 50_000) {
    this.#limit = limit;
  }

  get(typeUrl: string, name: string, json: Json): PreparedResource {
    const text = JSON.stringify(json);
    const key = `${typeUrl}\n${text}`;
    const hit = this.#entries.get(key);
    if (hit) return hit;
    const prepared: PreparedResource = { name, json, any: encodeAny(typeUrl, json), hash: hashOf(text) };
    if (this.#entries.size >= this.#limit) this.#entries.clear();
    this.#entries.set(key, prepared);
    return prepared;
  }
}

/**
 * A resource unchanged since the previous table of the same build is taken from it (a structural
 * comparison, cheaper than the cache's key); anything else comes from the cache by content. A table
 * whose every resource is unchanged is the previous table itself.
 */
function prepareTable(cache: PreparedCache, typeUrl: string, resources: ReadonlyMap<string, Json>, previous: ResourceTable | undefined): ResourceTable {
  const table = new Map<string, PreparedResource>();
  let unchanged = previous !== undefined && previous.size === resources.size;
  for (const name of [...resources.keys()].sort()) {
    const json = resources.get(name)!;
    const before = previous?.get(name);
    const same = before !== undefined && sameJson(before.json, json);
    unchanged &&= same;
    table.set(name, same ? before : cache.get(typeUrl, name, json));
  }
  return unchanged && previous ? previous : table;
}

/**
 * Encodes every resource; throws TypeError naming the field path if the builder produced a bad one.
 * `previous`, the last snapshot of the same build, lets unchanged resources keep their preparation.
 */
export function prepareSnapshot(r: XdsResources, cache = new PreparedCache(), previous?: PreparedSnapshot): PreparedSnapshot {
  const table = (typeUrl: ResourceTypeUrl, resources: ReadonlyMap<string, Json>) => prepareTable(cache, typeUrl, resources, previous?.byType.get(typeUrl));
  const snapshot: PreparedSnapshot = {
    byType: new Map<ResourceTypeUrl, ResourceTable>([
      [CLUSTER_TYPE_URL, table(CLUSTER_TYPE_URL, r.clusters)],
      [CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, table(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, r.endpoints)],
      [LISTENER_TYPE_URL, table(LISTENER_TYPE_URL, r.listeners)],
      [ROUTE_CONFIGURATION_TYPE_URL, table(ROUTE_CONFIGURATION_TYPE_URL, r.routes)],
    ]),
    namedOnlyListeners: prepareTable(cache, LISTENER_TYPE_URL, r.apiListeners, previous?.namedOnlyListeners),
  };
  if (previous) carrySelections(previous, snapshot);
  return snapshot;
}

/** The version of a set of resources: opaque, equal exactly when the set and every resource are equal. */
export function versionOf(resources: readonly PreparedResource[]): string {
  const h = createHash('sha1');
  for (const r of resources) h.update(r.name).update('\0').update(r.hash).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** Resources of one type for a subscription: everything for a wildcard, else the named ones that exist. */
export function select(snapshot: PreparedSnapshot, typeUrl: ResourceTypeUrl, names: ReadonlySet<string> | 'wildcard'): PreparedResource[] {
  const table = snapshot.byType.get(typeUrl)!;
  if (names === 'wildcard') return [...table.values()];
  const out: PreparedResource[] = [];
  for (const name of [...names].sort()) {
    const r = table.get(name) ?? (typeUrl === LISTENER_TYPE_URL ? snapshot.namedOnlyListeners.get(name) : undefined);
    if (r) out.push(r);
  }
  return out;
}

/**
 * A subscription with its memo key, computed once when the subscription changes rather than on every
 * push: a push to a stream is then one map lookup per type.
 */
export interface KeyedSubscription {
  readonly names: ReadonlySet<string> | 'wildcard';
  readonly key: string;
}

export function keyedSubscription(names: ReadonlySet<string> | 'wildcard'): KeyedSubscription {
  return { names, key: names === 'wildcard' ? '*' : [...names].sort().join('\0') };
}

/** The `identifier` of the control plane in every DiscoveryResponse. */
export const CONTROL_PLANE_ID = 'meshwork';

/** One type's resources for one subscription of one snapshot, with their version and, once needed, the response. */
export class Selection {
  readonly typeUrl: ResourceTypeUrl;
  readonly resources: readonly PreparedResource[];
  readonly version: string;
  #response: PreparedResponse | undefined;

  constructor(typeUrl: ResourceTypeUrl, resources: readonly PreparedResource[]) {
    this.typeUrl = typeUrl;
    this.resources = resources;
    this.version = versionOf(resources);
  }

  /** The DiscoveryResponse carrying this selection, encoded on first use and shared by every stream that sends it. */
  response(): PreparedResponse {
    this.#response ??= new PreparedResponse({
      version_info: this.version,
      type_url: this.typeUrl,
      resources: this.resources.map((r) => r.any),
      control_plane: { identifier: CONTROL_PLANE_ID },
    });
    return this.#response;
  }
}

type SelectionMemo = Map<ResourceTypeUrl, Map<string, Selection>>;
const selections = new WeakMap<PreparedSnapshot, SelectionMemo>();

/**
 * The selections (versions and encoded responses) of every type whose tables did not change go over
 * to the next snapshot of the same build: after a weight change only RDS is selected, hashed and
 * encoded again. The per-type maps are shared, which is sound because their content is the same.
 */
function carrySelections(previous: PreparedSnapshot, next: PreparedSnapshot): void {
  const before = selections.get(previous);
  if (!before) return;
  const memo: SelectionMemo = new Map();
  for (const [typeUrl, ofType] of before) {
    const sameTable = previous.byType.get(typeUrl) === next.byType.get(typeUrl);
    const sameNamedOnly = typeUrl !== LISTENER_TYPE_URL || previous.namedOnlyListeners === next.namedOnlyListeners;
    if (sameTable && sameNamedOnly) memo.set(typeUrl, ofType);
  }
  selections.set(next, memo);
}

/**
 * `select` plus its version, remembered per snapshot: streams that share a snapshot and subscribe to
 * the same names (replicas of one node, or proxies of identical builds) compute it once.
 */
export function selectVersioned(snapshot: PreparedSnapshot, typeUrl: ResourceTypeUrl, sub: KeyedSubscription): Selection {
  let memo = selections.get(snapshot);
  if (!memo) selections.set(snapshot, (memo = new Map()));
  let ofType = memo.get(typeUrl);
  if (!ofType) memo.set(typeUrl, (ofType = new Map()));
  let hit = ofType.get(sub.key);
  if (!hit) {
    ofType.set(sub.key, (hit = new Selection(typeUrl, select(snapshot, typeUrl, sub.names))));
  }
  return hit;
}
