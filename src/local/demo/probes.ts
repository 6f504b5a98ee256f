/**
 * What the demo's steps use to look at the mesh as a user would: an HTTP GET (straight to an address,
 * or through a sidecar's egress listener as an HTTP_PROXY client sends it), a DNS A query over UDP, and
 * a Cloud Map API call (JSON 1.1, `X-Amz-Target`).
 */
import { createSocket } from 'node:dgram';
import { request } from 'node:http';
import dnsPacket from 'dns-packet';

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** GET `url`; with `proxy` (`host:port`) the request goes to the proxy with the absolute URL as its path. */
export function httpGet(url: string, proxy?: string, timeoutMs = 5000): Promise<HttpAnswer> {
  const target = new URL(url);
  const [host, port] = proxy === undefined ? [target.hostname, Number(target.port || 80)] : splitHostPort(proxy);
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path: proxy === undefined ? target.pathname + target.search : url, headers: { host: target.host }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export function splitHostPort(hostPort: string): [string, number] {
  const i = hostPort.lastIndexOf(':');
  return [hostPort.slice(0, i), Number(hostPort.slice(i + 1))];
}

export interface ARecord {
  readonly name: string;
  readonly ttl: number;
  readonly address: string;
}

/** One A query over UDP to `server` (`host:port`). */
export function queryA(server: string, name: string, timeoutMs = 3000): Promise<ARecord[]> {
  const [host, port] = splitHostPort(server);
  const socket = createSocket('udp4');
  const id = Math.floor(Math.random() * 65535);
  return new Promise<ARecord[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`DNS ${name} A @${server}: no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('message', (msg) => {
      const packet = dnsPacket.decode(msg);
      if (packet.id !== id) return;
      clearTimeout(timer);
      resolve(
        (packet.answers ?? []).flatMap((a) => (a.type === 'A' ? [{ name: a.name, ttl: a.ttl ?? 0, address: String(a.data) }] : [])),
      );
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.send(dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name }] }), port, host);
  }).finally(() => socket.close());
}

/** One Cloud Map API call against Meshwork's HTTP endpoint; throws with the error body when it fails. */
export async function cloudMapCall(endpoint: string, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Route53AutoNaming_v20170314.${operation}` },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`Cloud Map ${operation}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}
