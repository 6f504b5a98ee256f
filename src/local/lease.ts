/**
 * Machine-wide leases held by the kernel: a lease on key K is a listening Unix socket bound in Linux's
 * abstract namespace (`\0meshwork/<K>`). Binding is atomic, so two processes can never hold the same key,
 * and the kernel drops the socket when its process exits for any reason (SIGKILL included), so a dead
 * holder's lease is reclaimed at once with no files to clean up.
 *
 * Abstract sockets exist only on Linux, and are scoped to the network namespace of the process that binds
 * them; every `meshwork run` process binds them from the host namespace (transparent mode moves only the
 * workload's children into their own namespace).
 */
import { createServer, type Server } from 'node:net';
import { UnavailableError } from '../core/errors.js';

export interface Lease {
  readonly key: string;
  /** Gives the lease up. Idempotent. */
  release(): Promise<void>;
}

const PREFIX = '\0meshwork/';

/** Throws UnavailableError on platforms without abstract Unix sockets. */
export function assertLeasesSupported(): void {
  if (process.platform !== 'linux') {
    throw new UnavailableError(
      `local mode needs Linux (per-workload loopback addresses in 127.0.0.0/8 and kernel-held leases); this is ${process.platform}`,
    );
  }
}

/** Takes the lease on `key`, or returns undefined when another live process holds it. */
export async function tryAcquireLease(key: string): Promise<Lease | undefined> {
  assertLeasesSupported();
  const server: Server = createServer((socket) => socket.destroy());
  const bound = await new Promise<boolean>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') resolve(false);
      else reject(err);
    });
    server.listen(PREFIX + key, () => resolve(true));
  });
  if (!bound) return undefined;
  // The lease must not keep a finished process alive.
  server.unref();
  let released = false;
  return {
    key,
    release: async () => {
      if (released) return;
      released = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Tries each key in order and returns the first lease taken, or undefined when all are held. */
export async function acquireFirstFree(keys: Iterable<string>): Promise<Lease | undefined> {
  for (const key of keys) {
    const lease = await tryAcquireLease(key);
    if (lease) return lease;
  }
  return undefined;
}
