/**
 * Free loopback ports, picked by the kernel (listen on port 0, read the port, close). Benchmarks never use
 * fixed ports: other test suites and engineers share this machine. The port is free when returned; a
 * process that then fails to bind it fails loudly at start (see PinnedProcess).
 */
import { createServer } from 'node:net';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error(`no port from ${String(address)}`))));
    });
  });
}

/** True when `port` can be bound on `host` right now (for ports a protocol fixes, such as egress :15001). */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A random address in 127.0.0.0/8 (not 127.0.0.1) on which `ports` are all free: a private "pod IP" for
 * a proxy whose listener ports are fixed by its configuration.
 */
export async function freeLoopbackAddress(ports: readonly number[]): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const address = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 256)}.${2 + Math.floor(Math.random() * 250)}`;
    const free = await Promise.all(ports.map((p) => portIsFree(address, p)));
    if (free.every(Boolean)) return address;
  }
  throw new Error(`no loopback address with ports ${ports.join(', ')} free after 20 tries`);
}
