/**
 * The `node-relay` row's process: the least a Node.js proxy can do. Every client connection gets its own
 * upstream connection and the two sockets are piped both ways: no HTTP parsing, no routing, no pooling.
 * Its throughput and CPU are the floor under any proxy written for Node.js on the same machine.
 *
 * Usage: node dist/bench/node-relay.js <listen host> <listen port> <upstream host> <upstream port>
 */
import net from 'node:net';

const [listenHost, listenPort, upstreamHost, upstreamPort] = process.argv.slice(2);
if (!listenHost || !listenPort || !upstreamHost || !upstreamPort) {
  process.stderr.write('usage: node-relay.js <listen host> <listen port> <upstream host> <upstream port>\n');
  process.exit(2);
}

const server = net.createServer({ noDelay: true }, (client) => {
  const upstream = net.connect({ host: upstreamHost, port: Number(upstreamPort), noDelay: true });
  client.pipe(upstream).on('error', () => client.destroy());
  upstream.pipe(client).on('error', () => upstream.destroy());
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
});
server.listen(Number(listenPort), listenHost);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
