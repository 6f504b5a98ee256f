/**
 * Which IPv4 addresses have listening TCP sockets right now, from Linux's /proc/net/tcp. Local mode
 * skips such loopback addresses when it hands out "pod IPs": a process outside Meshwork's leases (an
 * earlier proxy whose runner was killed, another program bound to 127.0.0.x) already serves there, and a
 * workload given that address would find its ports taken or, worse, its clients talking to the other
 * process. The parser is pure; `listeningAddresses` is the only part that reads the file.
 */
import { readFileSync } from 'node:fs';

/** TCP state LISTEN in /proc/net/tcp's `st` column. */
const LISTEN = '0A';

/** `0100007F` (little-endian hex, as the kernel prints it) → `127.0.0.1`. */
function hexToIPv4(hex: string): string | undefined {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return undefined;
  const n = Number.parseInt(hex, 16);
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24].join('.');
}

/** Every local address with a socket in state LISTEN, with the ports listened on; lines that do not parse are skipped. */
export function parseListening(procNetTcp: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of procNetTcp.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const [local, , state] = cols.slice(1, 4);
    if (state !== LISTEN || local === undefined) continue;
    const [ipHex, portHex] = local.split(':');
    const address = ipHex === undefined ? undefined : hexToIPv4(ipHex);
    const port = Number.parseInt(portHex ?? '', 16);
    if (address === undefined || !Number.isInteger(port)) continue;
    const ports = out.get(address);
    if (ports) ports.push(port);
    else out.set(address, [port]);
  }
  return out;
}

/** The listening IPv4 addresses and their ports now; empty where /proc/net/tcp cannot be read. */
export function listeningAddresses(): Map<string, number[]> {
  try {
    return parseListening(readFileSync('/proc/net/tcp', 'utf8'));
  } catch {
    return new Map();
  }
}
