/**
 * Per-workload "pod IPs" and names for local mode.
 *
 * Every workload instance gets its own loopback address from 127.0.0.0/8 (all of it answers on Linux's
 * `lo`), so two replicas can both serve on their virtual node's listener port, like two pods. Addresses
 * and instance names are leased machine-wide through kernel-held leases (lease.ts): concurrent
 * `meshwork run` processes never get the same one, and a killed process's address is free again at once.
 * An address where some other process already listens (outside the leases) is never handed out.
 */
import { isIPv4 } from 'node:net';
import { ValidationError, LimitError } from '../core/errors.js';
import { acquireFirstFree, tryAcquireLease, type Lease } from './lease.js';
import { listeningAddresses } from './listening.js';

/** Addresses with another owner on common systems: the usual loopback, systemd-resolved's stubs, Debian's hostname address. */
export const RESERVED_LOOPBACK = new Set(['127.0.0.1', '127.0.0.53', '127.0.0.54', '127.0.1.1']);

export interface AddressLease extends Lease {
  readonly address: string;
}

export interface NameLease extends Lease {
  readonly name: string;
}

/** 127.0.0.2, 127.0.0.3, … 127.0.0.254, 127.0.1.1, … in order, skipping network/broadcast-looking and reserved ones. */
export function* loopbackCandidates(): Generator<string> {
  for (let b = 0; b < 256; b++) {
    for (let c = 1; c < 255; c++) {
      const address = `127.0.${b}.${c}`;
      if (!RESERVED_LOOPBACK.has(address)) yield address;
    }
  }
}

function addressKey(address: string): string {
  return `address/${address}`;
}

/**
 * Leases a loopback address: the one asked for (`--address`), or the first free one. Throws
 * ValidationError for a requested address outside 127.0.0.0/8 and LimitError when it is taken (by
 * another workload, or by any process listening there) or none is left.
 */
export async function allocateAddress(requested?: string): Promise<AddressLease> {
  if (requested !== undefined) {
    if (!isIPv4(requested) || !requested.startsWith('127.')) {
      throw new ValidationError([{ field: '--address', message: `must be an IPv4 address in 127.0.0.0/8, got ${JSON.stringify(requested)}` }]);
    }
    const lease = await tryAcquireLease(addressKey(requested));
    if (!lease) throw new LimitError(`address ${requested} is already used by another local workload`);
    const ports = listeningAddresses().get(requested);
    if (ports !== undefined) {
      await lease.release();
      throw new LimitError(`address ${requested} is already in use: another process listens there on TCP port ${ports.join(', ')}`);
    }
    return { ...lease, address: requested };
  }
  const taken = listeningAddresses();
  const keys = (function* () {
    for (const a of loopbackCandidates()) if (!taken.has(a)) yield addressKey(a);
  })();
  const lease = await acquireFirstFree(keys);
  if (!lease) throw new LimitError('no free loopback address left in 127.0.0.0/8 for another local workload');
  return { ...lease, address: lease.key.slice('address/'.length) };
}

/**
 * Leases an instance name in a namespace: `name` itself when given (fails if taken), else `<base>-1`,
 * `<base>-2`, … (the first free), like the replicas of a Deployment.
 */
export async function allocateName(namespace: string, base: string, exact?: string): Promise<NameLease> {
  if (exact !== undefined) {
    const lease = await tryAcquireLease(`name/${namespace}/${exact}`);
    if (!lease) throw new LimitError(`a local workload named ${exact} is already running in namespace ${namespace}`);
    return { ...lease, name: exact };
  }
  for (let i = 1; i <= 10_000; i++) {
    const name = `${base}-${i}`;
    const lease = await tryAcquireLease(`name/${namespace}/${name}`);
    if (lease) return { ...lease, name };
  }
  throw new LimitError(`no free instance name left for ${base} in namespace ${namespace}`);
}
