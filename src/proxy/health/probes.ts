/** One active health check probe: HTTP GET, TCP connect, or gRPC grpc.health.v1.Health/Check. */
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { HealthCheckConfig } from '../config/model.js';
import type { Host } from '../upstream/host.js';

export type ProbeResult = 'ok' | 'fail' | 'network';

/** HealthCheckRequest{service} as a length-prefixed gRPC message. */
function healthRequest(service: string): Buffer {
  const name = Buffer.from(service);
  const body = name.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a, name.length]), name]);
  const frame = Buffer.alloc(5);
  frame.writeUInt32BE(body.length, 1);
  return Buffer.concat([frame, body]);
}

/** SERVING is HealthCheckResponse field 1 (status) = 1: bytes 08 01 after the 5-byte prefix. */
function isServing(reply: Buffer): boolean {
  return reply.length >= 7 && reply[5] === 0x08 && reply[6] === 0x01;
}

function grpcProbe(hc: HealthCheckConfig, host: Host, report: (r: ProbeResult) => void): () => void {
  const session = http2.connect(`http://${host.address}:${host.port}`);
  const finish = (r: ProbeResult) => {
    report(r);
    session.close();
  };
  session.on('error', () => finish('network'));
  const stream = session.request({ ':method': 'POST', ':path': '/grpc.health.v1.Health/Check', ':authority': hc.host || host.key, 'content-type': 'application/grpc', te: 'trailers' });
  const chunks: Buffer[] = [];
  let grpcStatus: string | undefined;
  stream.on('response', (h) => (grpcStatus = h['grpc-status'] as string | undefined));
  stream.on('trailers', (t) => (grpcStatus = t['grpc-status'] as string | undefined));
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => finish(grpcStatus === '0' && isServing(Buffer.concat(chunks)) ? 'ok' : 'fail'));
  stream.on('error', () => finish('network'));
  stream.end(healthRequest(hc.grpcService));
  return () => session.destroy();
}

export function probe(hc: HealthCheckConfig, host: Host): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: ProbeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      finish('network');
      cleanup();
    }, hc.timeoutMs);
    let cleanup = () => undefined as void;
    if (hc.kind === 'grpc') {
      cleanup = grpcProbe(hc, host, finish);
      return;
    }
    if (hc.kind === 'tcp') {
      const s = net.connect({ host: host.address, port: host.port }, () => {
        finish('ok');
        s.destroy();
      });
      s.on('error', () => finish('network'));
      cleanup = () => s.destroy();
      return;
    }
    const req = http.get({ host: host.address, port: host.port, path: hc.path, headers: { host: hc.host || host.key, 'user-agent': 'Envoy/HC' }, agent: false }, (res) => {
      const code = res.statusCode ?? 0;
      res.resume();
      finish(hc.expectedStatuses.some(([a, b]) => code >= a && code < b) ? 'ok' : 'fail');
    });
    req.on('error', () => finish('network'));
    cleanup = () => req.destroy();
  });
}

