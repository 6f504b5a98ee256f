/**
 * Readiness of an app inside a network namespace: one child process, started in the namespace with
 * `ip netns exec`, tries to connect to 127.0.0.1:<port> every 50 ms and exits 0 when it can, 1 when
 * the deadline passes. (A probe from the host would reach the sidecar instead: the namespace redirects
 * inbound connections on the app ports to it.)
 */
import { spawn } from 'node:child_process';
import { TimeoutError } from '../../core/errors.js';

const PROBE = `
const [port, until] = process.argv.slice(1).map(Number);
const net = require('net');
const attempt = () => {
  const s = net.connect(port, '127.0.0.1');
  s.once('connect', () => process.exit(0));
  s.once('error', () => (Date.now() >= until ? process.exit(1) : setTimeout(attempt, 50)));
};
attempt();`;

export async function waitForAppInNamespace(ip: string, netns: string, port: number, deadline: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  const child = spawn(ip, ['netns', 'exec', netns, process.execPath, '-e', PROBE, String(port), String(deadline)], { stdio: 'ignore' });
  const onAbort = (): void => void child.kill('SIGKILL');
  signal.addEventListener('abort', onAbort, { once: true });
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(-1));
    child.once('close', (c) => resolve(c));
  });
  signal.removeEventListener('abort', onAbort);
  signal.throwIfAborted();
  if (code !== 0) throw new TimeoutError(`the app (127.0.0.1:${port} in network namespace ${netns}) was not ready in time`);
}
