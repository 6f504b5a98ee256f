/**
 * Envoy's `original_dst` listener filter: the destination a client asked for before iptables
 * (REDIRECT or DNAT, as App Mesh's proxyinit installs) sent its connection to this listener.
 *
 * Envoy reads it with the SO_ORIGINAL_DST socket option, which Node.js does not expose. The same
 * fact is in the kernel's connection tracking table, which Linux shows per network namespace in
 * `/proc/net/nf_conntrack`: the entry whose *reply* tuple is this connection (from our address and
 * port back to the client's) carries the original destination in its *original* tuple. Reading the
 * table needs root (a proxy running with another gid but uid 0 can) and costs a scan per connection,
 * which is cheap in a pod's namespace. Elsewhere, or when nothing matches, the answer is undefined and
 * the listener falls back to its local address.
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';

export interface Destination {
  readonly address: string;
  readonly port: number;
}

export interface ConnectionTuple {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

const CONNTRACK_TABLE = '/proc/net/nf_conntrack';

function unmapped(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The original destination of `c` in a `/proc/net/nf_conntrack` text (pure). */
export function findOriginalDestination(table: string, c: ConnectionTuple): Destination | undefined {
  const reply = ` src=${unmapped(c.localAddress)} dst=${unmapped(c.remoteAddress)} sport=${c.localPort} dport=${c.remotePort} `;
  for (const line of table.split('\n')) {
    if (!line.startsWith('ipv4') || !line.includes(' tcp ')) continue;
    const at = line.indexOf(reply);
    if (at < 0) continue;
    // The original tuple comes first: src=… dst=… sport=… dport=…, then the reply tuple.
    const original = /\bdst=(\S+) sport=\d+ dport=(\d+)/.exec(line.slice(0, at));
    if (original) return { address: original[1]!, port: Number(original[2]) };
  }
  return undefined;
}

let readable = process.platform === 'linux';

/** The connection's original destination, or undefined where it cannot be known. */
export function originalDestination(socket: Socket): Destination | undefined {
  const { localAddress, localPort, remoteAddress, remotePort } = socket;
  if (!readable || localAddress === undefined || localPort === undefined || remoteAddress === undefined || remotePort === undefined) return undefined;
  let table: string;
  try {
    table = readFileSync(CONNTRACK_TABLE, 'latin1');
  } catch {
    // No conntrack module, or no permission: stop trying for the life of the process.
    readable = false;
    return undefined;
  }
  return findOriginalDestination(table, { localAddress, localPort, remoteAddress, remotePort });
}
