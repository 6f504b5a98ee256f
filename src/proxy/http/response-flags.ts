/**
 * Envoy's response flags for replies the proxy makes itself, with the status and body Envoy uses.
 * The flags of a request are also returned to the client in the `x-meshwork-response-flags` header
 * and written to the access log (%RESPONSE_FLAGS%).
 */

export const RESPONSE_FLAGS_HEADER = 'x-meshwork-response-flags';

export type ResponseFlag =
  | 'NR' // no route
  | 'NC' // no cluster
  | 'UH' // no healthy upstream
  | 'UF' // upstream connection failure
  | 'UO' // upstream overflow (circuit breaking)
  | 'UT' // upstream request timeout
  | 'UR' // upstream remote reset
  | 'URX' // upstream retry limit exceeded
  | 'DC' // downstream connection termination
  | 'SI' // stream idle timeout
  | 'DPE'; // downstream protocol error

/** The order Envoy prints flags in (its ResponseFlag enum order), so `UF,URX` reads as Envoy's would. */
const ENVOY_ORDER: readonly ResponseFlag[] = ['UH', 'UT', 'UR', 'UF', 'UO', 'NR', 'DC', 'URX', 'SI', 'DPE', 'NC'];

/** `flags` (comma-separated, '' for none) with `flag` added once, in Envoy's order. */
export function withFlag(flags: string, flag: ResponseFlag): string {
  const set = new Set(flags === '' ? [] : flags.split(','));
  set.add(flag);
  return ENVOY_ORDER.filter((f) => set.has(f)).join(',');
}

export interface LocalReply {
  readonly status: number;
  readonly body: string;
}

const RESET_PREFIX = 'upstream connect error or disconnect/reset before headers. reset reason: ';

/** The reply Envoy sends for a flag (as close to its wording as it makes sense). */
export function localReplyFor(flag: ResponseFlag): LocalReply {
  switch (flag) {
    case 'NR':
      return { status: 404, body: '' };
    case 'NC':
      return { status: 503, body: 'cluster not found' };
    case 'UH':
      return { status: 503, body: 'no healthy upstream' };
    case 'UF':
      return { status: 503, body: `${RESET_PREFIX}connection failure` };
    case 'UO':
      return { status: 503, body: `${RESET_PREFIX}overflow` };
    case 'UT':
      return { status: 504, body: 'upstream request timeout' };
    case 'UR':
    case 'URX':
      return { status: 503, body: `${RESET_PREFIX}connection termination` };
    case 'DC':
      return { status: 499, body: '' };
    case 'SI':
      return { status: 408, body: 'stream timeout' };
    case 'DPE':
      return { status: 400, body: 'Bad Request' };
  }
}
