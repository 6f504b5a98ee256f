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
  client.pipe(upstream);
  upstream.pipe(client);
  // An error is followed by 'close'; either side closing closes the other.
  for (const [side, other] of [[client, upstream], [upstream, client]] as const) {
    side.on('error', () => undefined);
    side.on('close', () => other.destroy());
  }
});
server.listen(Number(listenPort), listenHost);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
