/**
 * Generated configs for the peer processes, all on loopback ports picked at run time:
 * - the upstream: nginx returning a fixed body, as in the reference measurement (peers-and-performance.md
 *   §3.2) — 12 bytes on `/`, 1 KiB on `/1k` (request bodies are read and discarded);
 * - nginx and HAProxy as one-hop reverse proxies with upstream keep-alive, one worker / one thread,
 *   no access log.
 * Pure string builders; the runner writes them into a temporary directory.
 */

export const SMALL_BODY = 'hello world\n';
export const KIB_BODY = 'x'.repeat(1023) + '\n';

export interface Listen {
  readonly host: string;
  readonly port: number;
}

/** Common nginx preamble: foreground, one worker, every path inside `dir`. */
function nginxHead(dir: string): string {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_buffer_size 16k;
`;
}

export function upstreamNginxConfig(dir: string, listen: Listen): string {
  return `${nginxHead(dir)}  server {
    listen ${listen.host}:${listen.port} reuseport;
    default_type text/plain;
    location = /1k { return 200 "${KIB_BODY.replace('\n', '\\n')}"; }
    location / { return 200 "${SMALL_BODY.replace('\n', '\\n')}"; }
  }
}
`;
}

export function proxyNginxConfig(dir: string, listen: Listen, upstream: Listen): string {
  return `${nginxHead(dir)}  upstream backend {
    server ${upstream.host}:${upstream.port};
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen ${listen.host}:${listen.port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering on;
    }
  }
}
`;
}

export function haproxyConfig(listen: Listen, upstream: Listen): string {
  return `global
  nbthread 1
  maxconn 4096

defaults
  mode http
  option http-keep-alive
  http-reuse always
  timeout connect 5s
  timeout client 60s
  timeout server 60s

frontend bench
  bind ${listen.host}:${listen.port}
  default_backend upstream

backend upstream
  server app ${upstream.host}:${upstream.port} maxconn 1000
`;
}
