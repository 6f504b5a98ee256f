/**
 * The header names heads commonly carry, as constant lower-case strings. A parsed header object keyed
 * by a constant skips, for every header, slicing and lower-casing the name and V8's look-up of a fresh
 * string in its table of property names (most of what adding a property under a new string costs).
 * Names not listed are sliced and lower-cased as before; the result is the same string either way.
 */
/** Lower-case letters, digits and `-` only (sameIgnoringCase relies on it). */
export const COMMON_NAMES = [
  // requests
  'host', 'user-agent', 'accept', 'accept-encoding', 'accept-language', 'accept-charset', 'authorization',
  'proxy-authorization', 'cookie', 'expect', 'upgrade', 'origin', 'referer', 'from', 'max-forwards', 'range',
  'if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since', 'if-range', 'te', 'dnt',
  'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-real-ip', 'forwarded',
  'x-request-id', 'x-amzn-trace-id', 'traceparent', 'tracestate', 'x-b3-traceid', 'x-b3-spanid',
  'x-b3-parentspanid', 'x-b3-sampled', 'x-b3-flags', 'x-envoy-expected-rq-timeout-ms', 'x-envoy-attempt-count',
  'x-envoy-original-path', 'x-envoy-internal', 'x-requested-with', 'sec-websocket-key', 'sec-websocket-version',
  'sec-websocket-extensions', 'sec-websocket-protocol', 'sec-websocket-accept', 'proxy-connection',
  'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest', 'upgrade-insecure-requests',
  // both
  'connection', 'keep-alive', 'content-length', 'content-type', 'content-encoding', 'content-language',
  'content-location', 'content-range', 'content-disposition', 'content-md5', 'transfer-encoding', 'trailer',
  'cache-control', 'pragma', 'date', 'via', 'warning',
  // responses
  'server', 'set-cookie', 'etag', 'last-modified', 'expires', 'age', 'location', 'retry-after', 'vary',
  'accept-ranges', 'allow', 'www-authenticate', 'proxy-authenticate', 'link', 'alt-svc',
  'strict-transport-security', 'x-content-type-options', 'x-frame-options', 'x-xss-protection',
  'content-security-policy', 'referrer-policy', 'access-control-allow-origin', 'access-control-allow-credentials',
  'access-control-allow-headers', 'access-control-allow-methods', 'access-control-expose-headers',
  'access-control-max-age', 'x-envoy-upstream-service-time', 'x-envoy-overloaded', 'x-powered-by',
  'x-cache', 'grpc-status', 'grpc-message',
] as const;

/**
 * COMMON_NAMES in an open-addressing table by nameKey: slot i holds a name's lower-case spelling (a constant
 * string) in NAMES[i] and its bytes in POOL from OFFSETS[i]. 1,024 slots for about 100 names keep a
 * look-up to one comparison, seldom two.
 */
const SLOTS = 1024;
const NAMES: Array<string | undefined> = new Array<string | undefined>(SLOTS).fill(undefined);
const OFFSETS = new Int32Array(SLOTS);
const POOL: Uint8Array = fill();

/**
 * Where a name of `length` bytes from `from` starts looking in the table: its length, first, middle
 * and last bytes, the same in any ASCII case (`| 32` folds A–Z onto a–z, and some punctuation onto
 * other punctuation, which the comparison after the look-up tells apart).
 */
function nameKey(bytes: Uint8Array, from: number, length: number): number {
  const first = bytes[from]! | 32;
  const middle = bytes[from + (length >> 1)]! | 32;
  const last = bytes[from + length - 1]! | 32;
  return (length * 61 + first * 31 + middle * 7 + last) & (SLOTS - 1);
}

function fill(): Uint8Array {
  const pool = Buffer.from(COMMON_NAMES.join(''), 'latin1');
  let offset = 0;
  for (const name of COMMON_NAMES) {
    let slot = nameKey(pool, offset, name.length);
    while (NAMES[slot] !== undefined) slot = (slot + 1) & (SLOTS - 1);
    NAMES[slot] = name;
    OFFSETS[slot] = offset;
    offset += name.length;
  }
  return pool;
}

/**
 * The constant lower-case spelling of the token in `bytes` from `from` to `to` (exclusive) when it is
 * a common header name in any ASCII case; undefined when it is not.
 */
export function commonName(bytes: Uint8Array, from: number, to: number): string | undefined {
  const length = to - from;
  for (let slot = nameKey(bytes, from, length); ; slot = (slot + 1) & (SLOTS - 1)) {
    const name = NAMES[slot];
    if (name === undefined) return undefined;
    if (name.length === length && sameIgnoringCase(bytes, from, POOL, OFFSETS[slot]!, length)) return name;
  }
}

/**
 * Whether the `length` token bytes at `at` spell the lower-case name at `offset` in `pool` in any ASCII
 * case. `b | 32` equals a lower-case letter only for that letter in either case, and a digit or `-`
 * only for itself among token bytes (COMMON_NAMES has nothing else).
 */
function sameIgnoringCase(bytes: Uint8Array, at: number, pool: Uint8Array, offset: number, length: number): boolean {
  for (let k = 0; k < length; k++) if ((bytes[at + k]! | 32) !== pool[offset + k]) return false;
  return true;
}
