#!/usr/bin/env node
// The chapter's blue and green services, without dependencies:
//   GET /id    → {"id":"<color>"}
//   GET /query → {"message":"hello from <color>"}
// Usage: node color-app.mjs <color>   (or COLOR=<color>); listens on $HOST:$PORT (default 0.0.0.0:8080).
import { createServer } from 'node:http';

const color = process.argv[2] ?? process.env.COLOR;
if (!color) {
  process.stderr.write('usage: node color-app.mjs <color>  (or set COLOR)\n');
  process.exit(2);
}
const host = process.env.HOST ?? '0.0.0.0';
const port = Number(process.env.PORT ?? 8080);

const routes = {
  '/id': () => ({ id: color }),
  '/query': () => ({ message: `hello from ${color}` }),
};

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const route = req.method === 'GET' ? routes[path] : undefined;
  const status = route ? 200 : 404;
  const body = JSON.stringify(route ? route() : { detail: 'Not Found' });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  process.stdout.write(`${req.method} ${req.url} ${status}\n`);
});

server.listen(port, host, () => process.stdout.write(`${color} listening on ${host}:${port}\n`));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
