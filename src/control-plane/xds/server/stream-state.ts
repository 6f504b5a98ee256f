/**
 * The state of one ADS stream (state of the world), without I/O: per resource type the subscribed
 * names (or wildcard), the last nonce and version sent, the last version ACKed and the last NACK.
 *
 * Rules (Envoy's xDS protocol): a request whose nonce is not the latest sent for its type is stale
 * and ignored; `error_detail` marks a NACK, which keeps the proxy on its last good version and is not
 * answered by re-sending the same version; an ACK is not answered either, unless the subscribed names
 * changed. LDS and CDS subscriptions are wildcards when the first request names nothing or names `*`.
 * New snapshots go out in the order CDS → EDS → LDS → RDS, each type only when its version changed.
 */
import type { Clock } from '../../../core/clock.js';
import {
  CLUSTER_TYPE_URL,
  isResourceTypeUrl,
  LISTENER_TYPE_URL,
  RESOURCE_TYPE_URLS,
  type AdsRequest__Output,
  type PreparedResponse,
  type ResourceTypeUrl,
} from '../../../xds-api/index.js';
import { keyedSubscription, selectVersioned, type KeyedSubscription, type PreparedResource, type PreparedSnapshot } from './snapshot.js';

export type Subscription = ReadonlySet<string> | 'wildcard';

export interface NackRecord {
  readonly version: string;
  readonly nonce: string;
  readonly message: string;
  readonly at: number;
}

/** What visibility reports per type. */
export interface TypeStatus {
  readonly typeUrl: ResourceTypeUrl;
  readonly subscription: Subscription;
  readonly sentVersion: string | undefined;
  readonly ackedVersion: string | undefined;
  readonly nack: NackRecord | undefined;
  readonly lastSentAt: number | undefined;
  /** The resources of the last response, as sent. */
  readonly sent: readonly PreparedResource[];
}

interface TypeState {
  subscription: Subscription;
  keyed: KeyedSubscription;
  /** The resource_names of the last request, from which `subscription` was derived. */
  names: readonly string[];
  nonce: string | undefined;
  sentVersion: string | undefined;
  ackedVersion: string | undefined;
  nack: NackRecord | undefined;
  lastSentAt: number | undefined;
  sent: readonly PreparedResource[];
}

/** The bytes a response goes out as: the encoded DiscoveryResponse (the default), or a transport's framing of it. */
export type ResponseEncoding = (response: PreparedResponse, nonce: string) => Buffer;

const encodedMessage: ResponseEncoding = (response, nonce) => response.withNonce(nonce);

export type RequestOutcome =
  | { readonly kind: 'ignored'; readonly reason: 'unknown-type' | 'stale-nonce' }
  | { readonly kind: 'subscribed' | 'ack' | 'nack'; readonly typeUrl: ResourceTypeUrl; readonly nack?: NackRecord };

export class StreamState {
  readonly #types = new Map<ResourceTypeUrl, TypeState>();
  readonly #clock: Pick<Clock, 'now'>;
  readonly #encoding: ResponseEncoding;
  #snapshot: PreparedSnapshot | undefined;
  #nonce = 0;

  constructor(clock: Pick<Clock, 'now'>, encoding: ResponseEncoding = encodedMessage) {
    this.#clock = clock;
    this.#encoding = encoding;
  }

  /** Handles one request; returns what it was and the responses to send (as the ResponseEncoding makes them). */
  onRequest(req: AdsRequest__Output): { outcome: RequestOutcome; responses: Buffer[] } {
    const typeUrl = req.type_url;
    if (!isResourceTypeUrl(typeUrl)) return { outcome: { kind: 'ignored', reason: 'unknown-type' }, responses: [] };
    let st = this.#types.get(typeUrl);
    const nonce = req.response_nonce;
    if (st && nonce !== '' && nonce !== st.nonce) return { outcome: { kind: 'ignored', reason: 'stale-nonce' }, responses: [] };
    let outcome: RequestOutcome = { kind: 'subscribed', typeUrl };
    if (st && nonce !== '' && nonce === st.nonce) {
      if (req.error_detail) {
        const nack: NackRecord = { version: st.sentVersion ?? '', nonce, message: req.error_detail.message, at: this.#clock.now() };
        st.nack = nack;
        outcome = { kind: 'nack', typeUrl, nack };
      } else {
        st.ackedVersion = st.sentVersion;
        st.nack = undefined;
        outcome = { kind: 'ack', typeUrl };
      }
    }
    const names = req.resource_names;
    // The same names as last time derive the same subscription (an ACK, usually): nothing to redo.
    if (st && sameNames(st.names, names)) return { outcome, responses: [] };
    const isNew = st === undefined;
    const subscription = this.#subscriptionOf(typeUrl, names, st?.subscription);
    const keyed = keyedSubscription(subscription);
    if (!st) {
      st = { subscription, keyed, names, nonce: undefined, sentVersion: undefined, ackedVersion: undefined, nack: undefined, lastSentAt: undefined, sent: [] };
      this.#types.set(typeUrl, st);
    }
    st.names = names;
    const changed = st.keyed.key !== keyed.key;
    if (changed) {
      st.subscription = subscription;
      st.keyed = keyed;
    }
    const responses = this.#snapshot && (isNew || changed) ? [this.#respond(typeUrl, st, this.#snapshot)] : [];
    return { outcome, responses };
  }

  /** Takes a new snapshot; returns the responses for every subscribed type whose content changed, in order. */
  onSnapshot(snapshot: PreparedSnapshot): Buffer[] {
    this.#snapshot = snapshot;
    const out: Buffer[] = [];
    for (const typeUrl of RESOURCE_TYPE_URLS) {
      const st = this.#types.get(typeUrl);
      if (!st) continue;
      const { version } = selectVersioned(snapshot, typeUrl, st.keyed);
      if (version !== st.sentVersion) out.push(this.#respond(typeUrl, st, snapshot));
    }
    return out;
  }

  hasSnapshot(): boolean {
    return this.#snapshot !== undefined;
  }

  status(): TypeStatus[] {
    return RESOURCE_TYPE_URLS.flatMap((typeUrl) => {
      const st = this.#types.get(typeUrl);
      return st ? [{ typeUrl, ...st }] : [];
    });
  }

  #subscriptionOf(typeUrl: ResourceTypeUrl, names: readonly string[], previous: Subscription | undefined): Subscription {
    const wildcardCapable = typeUrl === LISTENER_TYPE_URL || typeUrl === CLUSTER_TYPE_URL;
    if (wildcardCapable && (names.includes('*') || (names.length === 0 && (previous === undefined || previous === 'wildcard')))) {
      return 'wildcard';
    }
    return new Set(names);
  }

  #respond(typeUrl: ResourceTypeUrl, st: TypeState, snapshot: PreparedSnapshot): Buffer {
    const selection = selectVersioned(snapshot, typeUrl, st.keyed);
    const nonce = String(++this.#nonce);
    st.nonce = nonce;
    st.sentVersion = selection.version;
    st.sent = selection.resources;
    st.lastSentAt = this.#clock.now();
    return this.#encoding(selection.response(), nonce);
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
